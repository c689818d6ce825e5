package io.edgeinfer.web;

import java.util.Map;
import java.util.Set;

/**
 * One prediction as the page shows it. Built on the inference thread from objects the prediction
 * already holds (nothing is copied), so none of them may be changed afterwards: window data and
 * score maps are fresh per window.
 *
 * @param seq the prediction's sequence number (as published)
 * @param windowIndex the window's index since start
 * @param tsMs when the window ended, epoch ms
 * @param dims the model input shape without the batch dimension: {@code [channels, size]} or {@code [3, h, w]}
 * @param data the model input, channel by channel
 * @param flags what looked wrong with the signal ({@code stuck}, {@code saturated})
 * @param origin an image file's name, or null
 * @param latencyNanos window complete to prediction ready
 * @param inferenceNanos time in the model
 */
public record Observation(long seq, long windowIndex, long tsMs, String label, double confidence,
        Map<String, Double> scores,
        int[] dims, float[] data, Set<String> flags, String origin, long latencyNanos, long inferenceNanos,
        String modelName,
        String modelVersion, String modelSha256) {
}
