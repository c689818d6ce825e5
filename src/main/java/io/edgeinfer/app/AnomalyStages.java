package io.edgeinfer.app;

import io.edgeinfer.anomaly.AnomalyStage;
import io.edgeinfer.anomaly.StreamShape;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.pipeline.AnomalyScoring;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The anomaly stages of a daemon's pipelines: each opened on its baseline file in
 * {@code control.state_dir} (read, or learning resumed or begun) and attached to its pipeline's
 * scoring before the inference threads start; one background thread for every stage's fits. Closed
 * after the pipelines have drained, so the last windows are still journalled.
 */
final class AnomalyStages implements AutoCloseable {
    /** Fits take seconds, once per learning or accept: one thread serves every pipeline. */
    private final ExecutorService fits = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "edgeinfer-anomaly-fit");
        t.setDaemon(true);
        return t;
    });
    private final List<AnomalyScoring> attached = new ArrayList<>();

    private AnomalyStages() {
    }

    /**
     * Opens a stage for every pipeline with {@code anomaly.enabled} and attaches it to the pipeline.
     *
     * @throws ConfigException naming {@code anomaly.model} when the autoencoder does not load
     * @throws IOException when the state folder cannot be read or written
     */
    static AnomalyStages open(DaemonConfig config, List<RunningPipeline> pipelines, Clock clock)
            throws ConfigException, IOException {
        AnomalyStages stages = new AnomalyStages();
        try {
            for (RunningPipeline p : pipelines) {
                PipelineSpec spec = config.pipeline(p.id()).orElseThrow();
                if (p.anomaly() != null) {
                    String prefix = config.named() ? "pipelines[" + p.id() + "]." : "";
                    p.anomaly().attach(stages.open(spec, baselineFile(config, p.id()), prefix, clock));
                    stages.attached.add(p.anomaly());
                }
            }
        } catch (ConfigException | IOException | RuntimeException e) {
            stages.close();
            throw e;
        }
        return stages;
    }

    /** Where pipeline {@code id} keeps its baseline (its journals sit beside it). */
    static Path baselineFile(DaemonConfig config, String id) {
        return config.control().stateDir().resolve("anomaly-" + id + ".baseline");
    }

    private AnomalyStage open(PipelineSpec spec, Path file, String keyPrefix, Clock clock)
            throws ConfigException, IOException {
        AnomalyConfig c = spec.anomaly();
        StreamShape shape = StreamShape.of(spec.source(), spec.window());
        ModelRunner autoencoder = null;
        if (c.detector() == AnomalyConfig.Detector.AUTOENCODER) {
            try {
                autoencoder = AnomalyStage.loadAutoencoder(c.model(), shape);
            } catch (ModelLoadException e) {
                throw new ConfigException(keyPrefix + e.key(), e.getMessage());
            }
        }
        try {
            return AnomalyStage.open(c, shape, file, autoencoder, fits, clock);
        } catch (IOException | RuntimeException e) {
            if (autoencoder != null) {
                autoencoder.close();
            }
            throw e;
        }
    }

    /** Detaches and closes every stage (each once its window in progress is done), then stops the fit thread. */
    @Override
    public void close() {
        for (AnomalyScoring s : attached) {
            AnomalyStage stage = s.detach();
            if (stage != null) {
                stage.close();
            }
        }
        attached.clear();
        fits.shutdownNow();
        try {
            fits.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
