package io.edgeinfer.mqtt;

import io.edgeinfer.pipeline.Prediction;
import java.util.Map;

/** Payload of {@code predictions}: one per window (docs/mqtt-api.md). */
public record PredictionMessage(
        long seq,
        String bootId,
        long tsMs,
        long windowStartMs,
        ModelRef model,
        String label,
        double confidence,
        Map<String, Double> scores,
        Latency latencyMs) {

    /** Stage latencies in milliseconds. */
    public record Latency(double preprocess, double inference, double total) {}

    public static PredictionMessage of(Prediction p, String bootId) {
        return new PredictionMessage(
                p.seq(),
                bootId,
                p.window().endEpochMs(),
                p.window().startEpochMs(),
                ModelRef.of(p.model()),
                p.result().label(),
                p.result().confidence(),
                p.result().scores(),
                new Latency(ms(p.preprocessNanos()), ms(p.inferenceNanos()), ms(p.totalNanos())));
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
