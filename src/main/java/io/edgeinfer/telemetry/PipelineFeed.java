package io.edgeinfer.telemetry;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.CaptureFigures;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.SourceStats;
import java.util.function.Supplier;

/**
 * What telemetry reads of one pipeline: its counters and latencies, the model serving it, its
 * input's counters (null where the input keeps none), and its capture's figures (null while it
 * does not capture).
 */
public record PipelineFeed(String id, PipelineStats stats, Supplier<ModelInfo> model,
        Supplier<SourceStats.Snapshot> source, Supplier<CaptureFigures> capture) {

    /** A pipeline that does not capture. */
    public PipelineFeed(String id, PipelineStats stats, Supplier<ModelInfo> model, Supplier<SourceStats.Snapshot> source) {
        this(id, stats, model, source, null);
    }
}
