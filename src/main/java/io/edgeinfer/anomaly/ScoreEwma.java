package io.edgeinfer.anomaly;

/**
 * An exponentially weighted moving average of a scalar score (the autoencoder's error), debiased
 * for its start: avg_t = sum lambda (1 - lambda)^(t-i) s_i / (1 - (1 - lambda)^t), so the first
 * window after a reset scores its own value. A fault that raises every window's error a little
 * stands out of the average long before it stands out of one window. Not thread-safe.
 */
final class ScoreEwma {
    private final double lambda;
    private double sum;
    private double weight;

    ScoreEwma(double lambda) {
        if (!(lambda > 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in (0, 1], got " + lambda);
        }
        this.lambda = lambda;
    }

    double update(double score) {
        sum = lambda * score + (1 - lambda) * sum;
        weight = lambda + (1 - lambda) * weight;
        return sum / weight;
    }

    void reset() {
        sum = 0;
        weight = 0;
    }
}
