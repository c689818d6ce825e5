package io.edgeinfer.app;

import io.edgeinfer.config.ModelConfig;
import io.edgeinfer.control.deploy.ModelLoader;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.EngineChoice;
import io.edgeinfer.model.ManifestException;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelManifest;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.QuantizedEngines;
import io.edgeinfer.model.SharedModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the daemon loads every model, the boot model and each one a swap, reload or rollback brings:
 * on the quantized engine its manifest ({@code NAME.json} beside it) names, by the rule of
 * {@link QuantizedEngines#select}. One instance per daemon, since the engine is one per process.
 */
final class ModelLoading implements ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoading.class);

    /** Null where libtorch's engine cannot be reached: every model then loads on the engine in force. */
    private final QuantizedEngines engines;
    private final int threads;

    ModelLoading(QuantizedEngines engines, int threads) {
        this.engines = engines;
        this.threads = threads;
    }

    /** Starts the PyTorch engine with the config's process-wide settings and binds to its quantized engine. */
    static ModelLoading start(ModelConfig m) {
        DjlEngine.configure(m.cacheDir(), m.threads());
        DjlEngine.start();
        QuantizedEngines engines;
        try {
            engines = QuantizedEngines.open();
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warn("the quantized engine cannot be selected per model ({}); int8 models run on libtorch's default",
                    e.getMessage());
            engines = null;
        }
        return new ModelLoading(engines, m.threads());
    }

    /** @throws ModelLoadException also when the model is made for another engine than this process's int8 models run on */
    @Override
    public ModelRunner load(Path file, String name, String version, List<String> labels, int[] dims, String dimsFrom)
            throws ModelLoadException {
        return load(file, name, version, labels, dims, dimsFrom, new SharedModels());
    }

    /** The same, sharing the loaded module with the other runners of {@code shared} that serve the same bytes. */
    ModelRunner load(Path file, String name, String version, List<String> labels, int[] dims, String dimsFrom,
            SharedModels shared) throws ModelLoadException {
        if (engines != null) {
            EngineChoice c = engines.select(manifest(file));
            if (c.refused()) {
                throw new ModelLoadException("model.path", ModelLoadException.Reason.ENGINE_MISMATCH,
                        file.getFileName() + ": " + c.refusal(), null);
            }
            engines.use(c);
            report(file, c);
        }
        return DjlModelRunner.load(file, name, version, labels, dims, dimsFrom, shared);
    }

    private void report(Path file, EngineChoice c) {
        if (c.note() != null && c.pins()) {
            LOG.info("{}: {}", file.getFileName(), c.note());
        } else if (c.note() != null) {
            LOG.warn("{}: {}", file.getFileName(), c.note());
        }
        if (c.pins() && "qnnpack".equals(c.engine()) && threads > 1) {
            LOG.warn(
                    "{} runs on qnnpack with model.threads {}: its thread pool and OpenMP's fight (on x86 an MLP went from"
                            + " 0.17 to 16.7 ms); use model.threads: 1 for int8 models", file.getFileName(), threads);
        }
    }

    private static ModelManifest manifest(Path file) throws ModelLoadException {
        try {
            return ModelManifest.besides(file).orElse(null);
        } catch (ManifestException e) {
            throw new ModelLoadException("model.path", e.getMessage(), e);
        }
    }
}
