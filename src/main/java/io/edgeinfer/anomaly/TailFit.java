package io.edgeinfer.anomaly;

import java.util.Arrays;

/**
 * The upper tail of a score distribution by peaks over threshold: the top 10 % of the calibration
 * scores (at least 20) are the exceedances y over {@code u}, and above u the tail is taken as
 * exponential, P(S > t) = zeta exp(-(t - u) / sigma): the generalized Pareto distribution with shape
 * 0, the domain squared distances and reconstruction errors belong to (a chi-square's tail is
 * exponential). The scale is the median excess over ln 2, which a few stray learning windows (a
 * start-up, a glitch) cannot inflate; the mean excess, or a fitted shape, would let one window in
 * 300 push the threshold out of reach. The shape that probability-weighted moments give (Hosking and
 * Wallis 1987) is kept as a diagnostic: well above 0, the far tail is heavier than assumed and the
 * false-alarm rate higher than the budget (docs/anomaly.md, "Threshold").
 *
 * @param u the threshold the exceedances are measured from
 * @param sigma the exponential scale
 * @param xiFitted the GPD shape the moments give (diagnostic)
 * @param zeta the share of calibration scores above u
 * @param n calibration scores
 */
record TailFit(double u, double sigma, double xiFitted, double zeta, int n) {
    static final double TAIL_SHARE = 0.10;
    static final int MIN_EXCEEDANCES = 20;

    static TailFit fit(double[] scores) {
        int n = scores.length;
        if (n < 2 * MIN_EXCEEDANCES) {
            throw new IllegalArgumentException("a tail fit needs at least " + 2 * MIN_EXCEEDANCES + " scores, got "
                    + n);
        }
        double[] s = scores.clone();
        Arrays.sort(s);
        int k = Math.max(MIN_EXCEEDANCES, (int) Math.round(TAIL_SHARE * n));
        double u = s[n - k - 1];
        double[] excess = new double[k];
        for (int i = 0; i < k; i++) {
            excess[i] = s[n - k + i] - u;
        }
        double median = k % 2 == 1 ? excess[k / 2] : (excess[k / 2 - 1] + excess[k / 2]) / 2;
        double sigma = Math.max(median / Math.log(2), 1e-12);
        return new TailFit(u, sigma, shape(excess), k / (double) n, n);
    }

    /** The GPD shape by probability-weighted moments of ascending excesses (NaN when degenerate). */
    private static double shape(double[] y) {
        int k = y.length;
        double a0 = 0;
        double a1 = 0;
        for (int i = 0; i < k; i++) {
            a0 += y[i];
            // weight (k - 1 - i) / (k - 1): an estimate of E[Y (1 - F(Y))]
            a1 += y[i] * (k - 1 - i) / (k - 1.0);
        }
        a0 /= k;
        a1 /= k;
        double denominator = a0 - 2 * a1;
        return denominator > 0 && a0 > 0 ? 2 - a0 / denominator : Double.NaN;
    }

    /** The score exceeded with probability {@code p} (per window), extrapolated by the fitted tail. */
    double threshold(double p) {
        if (p >= zeta) {
            // Within the data: no extrapolation wanted, but keep it monotone with the tail.
            return u;
        }
        return u + sigma * Math.log(zeta / p);
    }

    /** The fitted probability that a score exceeds {@code t}. */
    double exceedance(double t) {
        if (t <= u) {
            return zeta;
        }
        return zeta * Math.exp(-(t - u) / sigma);
    }
}
