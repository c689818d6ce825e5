package io.edgeinfer.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.pipeline.PostProcessor.Classification;
import io.edgeinfer.pipeline.Prediction;
import java.util.List;
import java.util.Map;

/**
 * Payload of {@code predictions}: one per window (docs/mqtt-api.md; the JSON Schema is
 * docs/predictions.schema.json). {@code flags} lists what was wrong with the window's signal (stuck,
 * saturated); {@code input} names the image file, if any; {@code pipeline} names the pipeline that
 * made it (its id; {@code main} in a single-pipeline daemon); {@code suppressed}, only in {@code
 * publish.mode: on_change}, counts the predictions since the previous message that were not
 * published, so a gap in {@code seq} tells what was suppressed from what was lost; {@code anomaly}
 * and {@code severity} are there when the pipeline runs an anomaly stage (absent otherwise, so a
 * pipeline without one sends what it always sent). A pipeline without a classifier sends the same
 * message with {@code model} null and no {@code label}, {@code confidence} or {@code scores}: an
 * anomaly message ({@code latency_ms.inference} is then the anomaly stage's).
 */
public record PredictionMessage(
        long seq,
        String bootId,
        long tsMs,
        long windowStartMs,
        ModelRef model,
        @JsonInclude(JsonInclude.Include.NON_NULL) String label,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double confidence,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> scores,
        Latency latencyMs,
        List<SignalFlag> flags,
        String input,
        String pipeline,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long suppressed,
        @JsonInclude(JsonInclude.Include.NON_NULL) AnomalyMessage anomaly,
        @JsonInclude(JsonInclude.Include.NON_NULL) AnomalyMessage.SeverityMessage severity) {

    /** A prediction of a pipeline without an anomaly stage. */
    public PredictionMessage(long seq, String bootId, long tsMs, long windowStartMs, ModelRef model, String label,
            Double confidence, Map<String, Double> scores, Latency latencyMs, List<SignalFlag> flags, String input,
            String pipeline, Long suppressed) {
        this(seq, bootId, tsMs, windowStartMs, model, label, confidence, scores, latencyMs, flags, input, pipeline,
                suppressed, null, null);
    }

    /** Stage latencies in milliseconds. */
    public record Latency(double preprocess, double inference, double total) {
    }

    /** A prediction of the one pipeline of a single-pipeline daemon. */
    public static PredictionMessage of(Prediction p, String bootId) {
        return of(p, bootId, PipelineSpec.DEFAULT_ID);
    }

    /** A prediction of pipeline {@code pipeline}, published as every prediction is ({@code every}, or in a batch). */
    public static PredictionMessage of(Prediction p, String bootId, String pipeline) {
        return of(p, bootId, pipeline, null);
    }

    /**
     * @param suppressed predictions of this pipeline not published since its previous message, or
     *     null where nothing is ever suppressed (the field is then left out)
     */
    public static PredictionMessage of(Prediction p, String bootId, String pipeline, Long suppressed) {
        Classification c = p.result();
        return new PredictionMessage(
                p.seq(),
                bootId,
                p.window().endEpochMs(),
                p.window().startEpochMs(),
                p.model() == null ? null : ModelRef.of(p.model()),
                c == null ? null : c.label(),
                c == null ? null : c.confidence(),
                c == null ? null : c.scores(),
                new Latency(ms(p.preprocessNanos()), ms(p.inferenceNanos()), ms(p.totalNanos())),
                p.window().flags().stream().sorted().toList(),
                p.window().origin(),
                pipeline,
                suppressed,
                p.anomaly() == null ? null : AnomalyMessage.of(p.anomaly()),
                p.anomaly() == null ? null : AnomalyMessage.SeverityMessage.of(p.anomaly().severity()));
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
