package io.edgeinfer.mqtt;

import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.model.SignalFlag;
import java.util.List;
import java.util.Map;

/**
 * Payload of {@code predictions}: one per window (docs/mqtt-api.md). {@code flags} lists what was
 * wrong with the window's signal (stuck, saturated); {@code input} names the image file, if any.
 */
public record PredictionMessage(
        long seq,
        String bootId,
        long tsMs,
        long windowStartMs,
        ModelRef model,
        String label,
        double confidence,
        Map<String, Double> scores,
        Latency latencyMs,
        List<SignalFlag> flags,
        String input) {

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
                new Latency(ms(p.preprocessNanos()), ms(p.inferenceNanos()), ms(p.totalNanos())),
                p.window().flags().stream().sorted().toList(),
                p.window().origin());
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
