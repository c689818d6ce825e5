package io.edgeinfer.pipeline;

import org.HdrHistogram.Histogram;

/**
 * Latency histograms (nanoseconds) of one telemetry interval: end to end, model, preprocessing, and
 * publish (the time the inference thread spent handing the prediction to its sink).
 */
public record LatencyInterval(Histogram total, Histogram inference, Histogram preprocess, Histogram publish) {

    public long count() {
        return total.getTotalCount();
    }

    /** Percentile of a histogram in milliseconds, or null when nothing was recorded. */
    public static Double percentileMs(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    public static Double maxMs(Histogram h) {
        return h.getTotalCount() == 0 ? null : h.getMaxValue() / 1e6;
    }
}
