package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a remote push ({@code cmd/config}) may not change, because it would hand whoever can send
 * commands more than the commands themselves give: any file or device the daemon reads, writes or
 * loads (every path in the config: {@code outbox.path}, {@code control.model_dir},
 * {@code control.state_dir}, {@code model.cache_dir}, TLS and password files, recordings and image
 * folders, device files), what it runs ({@code source.command}), who may command it
 * ({@code control.trusted_keys}, {@code control.allow_unsigned}), and where its credentials go and
 * what it opens to the network ({@code mqtt.broker}, {@code mqtt.auth}, {@code mqtt.tls},
 * {@code mqtt.embedded}, the device page's {@code http}, where captured windows are uploaded:
 * {@code capture.upload}). Those change in the file on the device (SIGHUP, an edit or a restart
 * applies them). {@code model.path} may change only to a file inside {@code control.model_dir}, the
 * same rule as a {@code file://} model command; any other model goes through {@code cmd/model}.
 * Paths are found by walking the config's records, so a path key added later is covered too.
 */
final class RemoteKeys {
    /** Keys guarded whole, besides every path. */
    private static final Set<String> LOCAL = Set.of("source.command", "control.trusted_keys", "control.allow_unsigned",
            "mqtt.broker", "mqtt.auth", "mqtt.tls", "mqtt.embedded", "http", "capture.upload");
    private static final String MODEL_PATH = "model.path";
    private static final String CACHE_DIR = "model.cache_dir";
    private static final String PIPELINES = "pipelines";
    private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private RemoteKeys() {
    }

    /**
     * @param natives the folder the running daemon unpacks the PyTorch natives to: a classifier added
     *     to a pipeline without one brings its {@code model.cache_dir}, which changes nothing when it
     *     is this folder
     * @throws CommandException {@code local_only}, naming every key the push would change that it may not
     */
    static void check(DaemonConfig running, DaemonConfig next, Path natives) throws CommandException {
        Map<String, Object> before = guarded(running);
        Map<String, Object> after = guarded(next);
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> refused = new ArrayList<>();
        for (String k : keys) {
            boolean sameNatives = k.endsWith(CACHE_DIR) && !before.containsKey(k) && Objects.equals(after.get(k),
                    natives);
            if (!k.endsWith(MODEL_PATH) && !sameNatives && !Objects.equals(before.get(k), after.get(k))) {
                refused.add(k);
            }
        }
        for (PipelineSpec p : next.pipelines()) {
            List<Path> was = running.pipeline(p.id()).map(r -> r.source().deviceNodes()).orElse(List.of());
            if (!was.equals(p.source().deviceNodes())) {
                refused.add(prefix(next, p) + "source (device files " + was + " -> " + p.source().deviceNodes() + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new CommandException("local_only", "cmd/config may not change " + String.join(", ", refused)
                    + ": they "
                    + "decide which files and devices the daemon reads, writes or runs, where its credentials go, or who may "
                    + "command it; change them in the config file on the device (SIGHUP applies it)");
        }
        for (PipelineSpec p : next.pipelines()) {
            if (!p.hasModel()) {
                continue; // no classifier: nothing to load
            }
            Path model = p.model().path();
            Path was = running.pipeline(p.id()).filter(PipelineSpec::hasModel).map(r -> r.model().path()).orElse(null);
            if (!model.equals(was) && !inside(model, running.control().modelDir())) {
                throw new CommandException("outside_model_dir", prefix(next, p) + "model.path " + model
                        + " is outside control.model_dir " + running.control().modelDir()
                        + ": send a model from elsewhere with cmd/model");
            }
        }
    }

    /** How a pipeline's keys are written in the file: at the top level of a single-pipeline file. */
    private static String prefix(DaemonConfig config, PipelineSpec p) {
        return PipelineTree.key(config, p.id());
    }

    private static boolean inside(Path file, Path dir) {
        try {
            Path real = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath().normalize();
            Path root = Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
            return real.startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** Every guarded key of {@code config} with its value, by the key's name in the config file. */
    static Map<String, Object> guarded(DaemonConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        walk(config, "", out);
        for (PipelineSpec p : config.pipelines()) {
            walk(p, prefix(config, p), out);
        }
        return out;
    }

    private static void walk(Record r, String prefix, Map<String, Object> out) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            String key = prefix + name(c);
            Object value = value(r, c);
            if (LOCAL.contains(unprefixed(key)) || c.getType() == Path.class) {
                out.put(key, value);
            } else if (value instanceof Record nested) {
                walk(nested, key + ".", out);
            }
        }
    }

    /** A key without its {@code pipelines[ID].} prefix, as {@link #LOCAL} names it. */
    private static String unprefixed(String key) {
        return key.startsWith(PIPELINES + "[") ? key.substring(key.indexOf("].") + 2) : key;
    }

    private static String name(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : SNAKE.translate(c.getName());
    }

    private static Object value(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("config record " + r.getClass().getSimpleName() + " cannot be read", e);
        }
    }
}
