package io.edgeinfer.telemetry;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.CaptureFigures;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.SourceStats;
import java.util.function.Supplier;

/**
 * What telemetry reads of one pipeline: its counters and latencies, the model serving it, its
 * input's counters (null where the input keeps none), its capture's figures (null while it does
 * not capture), and its anomaly stage's last result (null without a stage).
 */
public record PipelineFeed(String id, PipelineStats stats, Supplier<ModelInfo> model,
        Supplier<SourceStats.Snapshot> source, Supplier<CaptureFigures> capture, Supplier<AnomalyResult> anomaly) {

    /** A pipeline that does not capture and runs no anomaly stage. */
    public PipelineFeed(String id, PipelineStats stats, Supplier<ModelInfo> model,
            Supplier<SourceStats.Snapshot> source) {
        this(id, stats, model, source, null, null);
    }

    /** A pipeline without an anomaly stage. */
    public PipelineFeed(String id, PipelineStats stats, Supplier<ModelInfo> model,
            Supplier<SourceStats.Snapshot> source,
            Supplier<CaptureFigures> capture) {
        this(id, stats, model, source, capture, null);
    }
}
