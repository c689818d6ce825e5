package io.edgeinfer.anomaly;

/**
 * A multivariate exponentially weighted moving average of whitened residuals (Lowry et al. 1992,
 * the MEWMA control chart): s_t = lambda e_t + (1 - lambda) s_(t-1), scored as |s_t|^2 over its
 * variance factor lambda / (2 - lambda) (1 - (1 - lambda)^(2t)), so the first window after a reset
 * scores exactly its own squared distance and a shift that persists is amplified up to (2 - lambda)
 * / lambda times. A growing fault shifts every window a little the same way; this is what finds it
 * while each window alone still looks normal. It restarts whenever the nearest component changes (an
 * operating change moves the features to another learned mode: averaging across the jump would
 * make up a fault) and after a window that was not scored. With lambda = 1 the score is the plain
 * squared Mahalanobis distance. Not thread-safe.
 */
final class Mewma {
    private final double lambda;
    private double[] state;
    private int regime = -1;
    private int steps;

    Mewma(double lambda) {
        if (!(lambda > 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in (0, 1], got " + lambda);
        }
        this.lambda = lambda;
    }

    /** Adds the window's whitened residual against component {@code component}; returns its score. */
    double update(double[] residual, int component) {
        if (state == null || state.length != residual.length || component != regime) {
            state = new double[residual.length];
            regime = component;
            steps = 0;
        }
        steps++;
        double sum = 0;
        for (int j = 0; j < residual.length; j++) {
            state[j] = lambda * residual[j] + (1 - lambda) * state[j];
            sum += state[j] * state[j];
        }
        double keep = Math.pow(1 - lambda, 2.0 * steps);
        double variance = lambda / (2 - lambda) * (1 - keep);
        return sum / variance;
    }

    void reset() {
        state = null;
        regime = -1;
        steps = 0;
    }
}
