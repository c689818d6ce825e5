package io.edgeinfer.telemetry;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.SourceStats;
import java.util.function.Supplier;

/**
 * What telemetry reads of one pipeline: its counters and latencies, the model serving it, and its
 * input's counters (null where the input keeps none).
 */
public record PipelineFeed(String id, PipelineStats stats, Supplier<ModelInfo> model,
        Supplier<SourceStats.Snapshot> source) {}
