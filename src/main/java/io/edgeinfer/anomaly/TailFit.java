package io.edgeinfer.anomaly;

import java.util.Arrays;

/**
 * The upper tail of a score distribution by peaks over threshold: the top 10 % of the calibration
 * scores (at least 20) are the exceedances over {@code u}, fitted with a generalized Pareto
 * distribution by probability-weighted moments (Hosking and Wallis 1987: closed form, and steadier
 * than maximum likelihood on the few hundred exceedances a device has). Then P(S > t) = zeta (1 + xi
 * (t - u) / sigma)^(-1/xi) above u. A fitted xi below 0 (a bounded tail) is not trusted beyond the
 * data: the exponential tail (xi = 0) is used instead, which errs toward a higher threshold.
 *
 * @param u the threshold the exceedances are measured from
 * @param sigma the fitted scale
 * @param xi the shape used (max(0, fitted))
 * @param xiFitted the shape the moments gave
 * @param zeta the share of calibration scores above u
 * @param n calibration scores
 */
record TailFit(double u, double sigma, double xi, double xiFitted, double zeta, int n) {
    static final double TAIL_SHARE = 0.10;
    static final int MIN_EXCEEDANCES = 20;
    /** Above this the moments do not exist and the fit says nothing. */
    private static final double MAX_XI = 0.9;

    static TailFit fit(double[] scores) {
        int n = scores.length;
        if (n < 2 * MIN_EXCEEDANCES) {
            throw new IllegalArgumentException("a tail fit needs at least " + 2 * MIN_EXCEEDANCES + " scores, got " + n);
        }
        double[] s = scores.clone();
        Arrays.sort(s);
        int k = Math.max(MIN_EXCEEDANCES, (int) Math.round(TAIL_SHARE * n));
        double u = s[n - k - 1];
        double a0 = 0;
        double a1 = 0;
        for (int i = 0; i < k; i++) {
            double y = s[n - k + i] - u;
            a0 += y;
            // ascending order statistics, weight (k - 1 - i) / (k - 1): an estimate of E[Y (1 - F(Y))]
            a1 += y * (k - 1 - i) / (k - 1.0);
        }
        a0 /= k;
        a1 /= k;
        double xi;
        double sigma;
        double denominator = a0 - 2 * a1;
        if (denominator > 0 && a0 > 0) {
            xi = 2 - a0 / denominator;
            sigma = 2 * a0 * a1 / denominator;
        } else {
            xi = 0;
            sigma = Math.max(a0, 1e-12);
        }
        double used = Math.max(0, Math.min(MAX_XI, xi));
        if (xi < 0) {
            // The exponential with the same mean excess keeps the scale honest when the shape is dropped.
            sigma = Math.max(a0, 1e-12);
        }
        return new TailFit(u, Math.max(sigma, 1e-12), used, xi, k / (double) n, n);
    }

    /** The score exceeded with probability {@code p} (per window), extrapolated by the fitted tail. */
    double threshold(double p) {
        if (p >= zeta) {
            // Within the data: no extrapolation wanted, but keep it monotone with the tail.
            return u;
        }
        double ratio = zeta / p;
        return xi < 1e-9 ? u + sigma * Math.log(ratio) : u + sigma / xi * (Math.pow(ratio, xi) - 1);
    }

    /** The fitted probability that a score exceeds {@code t}. */
    double exceedance(double t) {
        if (t <= u) {
            return zeta;
        }
        double y = (t - u) / sigma;
        return xi < 1e-9 ? zeta * Math.exp(-y) : zeta * Math.pow(1 + xi * y, -1 / xi);
    }
}
