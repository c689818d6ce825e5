package io.edgeinfer.control;

import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.Health;
import java.util.Objects;

/**
 * What remote control needs of one running pipeline, handed over by the composition root in config
 * order: its inference loop (the model serving, the swap, the recent windows), its counters and its
 * health. Control keeps one deployment (swap, validation, watch, history, rollback) per handle.
 *
 * @param id the pipeline's id, as in the config ({@code main} for a single-pipeline file)
 * @param health the pipeline's inputs and serving model; the serving monitor reports into it
 */
public record PipelineHandle(String id, InferenceLoop loop, PipelineStats stats, Health health) {
    public PipelineHandle {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(health, "health");
    }

    /**
     * False for a pipeline that only detects anomalies: it has no model to deploy, validate, watch or
     * roll back, so control keeps no deployment for it (a model command to it is refused).
     */
    public boolean classifies() {
        return loop.model() != null;
    }
}
