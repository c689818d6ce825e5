package io.edgeinfer.model;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.Map;

/**
 * Process-wide DJL settings. DJL reads them once, when the PyTorch engine first starts, so they are
 * set before any model is loaded and cannot change afterwards.
 */
public final class DjlEngine {
    private DjlEngine() {
    }

    /**
     * @param cacheDir where the PyTorch natives are unpacked (once) from the native jar
     * @param threads intra-op threads
     */
    public static synchronized void configure(Path cacheDir, int threads) {
        // Never download anything: the natives ship in lib/ and the model is a local file.
        System.setProperty("ai.djl.offline", "true");
        setIfAbsent("DJL_CACHE_DIR", cacheDir.toString());
        setIfAbsent("ENGINE_CACHE_DIR", cacheDir.toString());
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        QuantizedEngineChoice.apply(System.getProperty("os.arch"));
    }

    /**
     * Starts DJL's PyTorch engine: finds the natives in the cache (unpacking them the first time) and
     * loads libtorch. The first model load would do it anyway; done apart, start-up can time it.
     */
    public static void start() {
        Engine.getEngine("PyTorch");
    }

    /**
     * Where the natives go unless {@code model.cache_dir} says otherwise: systemd's cache directory
     * (the first of {@code CACHE_DIRECTORY}), else {@code $XDG_CACHE_HOME} or {@code ~/.cache}, in
     * {@code edgeinfer/djl}.
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        String systemd = env.get("CACHE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            // systemd may list several directories separated by ':'; ours is the first.
            return Path.of(systemd.split(":")[0], "djl");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("edgeinfer").resolve("djl");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
