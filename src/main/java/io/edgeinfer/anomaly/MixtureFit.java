package io.edgeinfer.anomaly;

import io.edgeinfer.anomaly.GaussianMixture.Component;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits Gaussian mixtures to standardised feature vectors: k-means++ seeding, then EM with a small
 * ridge on every covariance (a feature that barely moves must not make it singular); the final
 * covariances are shrunk toward their diagonal by the Ledoit-Wolf weight, which keeps a component
 * learned from a few hundred windows from over-trusting its correlations. The number of components
 * is the one with the lowest BIC, up to a maximum. Deterministic for a given seed.
 */
final class MixtureFit {
    static final double RIDGE = 1e-3;
    private static final int MAX_ITERATIONS = 200;
    private static final double TOLERANCE = 1e-7;
    private static final int KMEANS_ROUNDS = 10;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final long seed;

    MixtureFit(long seed) {
        this.seed = seed;
    }

    /** A fitted set of components and its Bayesian information criterion. */
    record Fitted(List<Component> components, double bic, double logLikelihood) {
    }

    /** Per feature, mean and spread (at least {@link GaussianMixture#MIN_SCALE}) of the rows. */
    static double[][] standardisation(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.max(GaussianMixture.MIN_SCALE, Math.sqrt(scale[j]));
        }
        return new double[][]{mean, scale};
    }

    /** The mixture of 1 .. {@code maxComponents} components with the lowest BIC. */
    Fitted best(double[][] z, int maxComponents) {
        Fitted best = null;
        for (int k = 1; k <= maxComponents; k++) {
            Fitted f = fit(z, k);
            if (f != null && (best == null || f.bic() < best.bic())) {
                best = f;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("cannot fit even one component to " + z.length + " windows");
        }
        return best;
    }

    /** A mixture of exactly {@code k} components, or null when one would hold too few windows. */
    Fitted fit(double[][] z, int k) {
        int n = z.length;
        int d = z[0].length;
        if (n < k * (d + 1)) {
            return null;
        }
        double[][] r = seed(z, k);
        List<Component> comps = mStep(z, r, k, false);
        double previous = Double.NEGATIVE_INFINITY;
        double logL = previous;
        for (int it = 0; it < MAX_ITERATIONS && comps != null; it++) {
            logL = eStep(z, comps, r);
            if (logL - previous < TOLERANCE * Math.abs(logL)) {
                break;
            }
            previous = logL;
            comps = mStep(z, r, k, false);
        }
        if (comps == null) {
            return null;
        }
        comps = mStep(z, r, k, true);
        if (comps == null) {
            return null;
        }
        double params = k * (d + d * (d + 1) / 2.0) + k - 1;
        return new Fitted(comps, -2 * logL + params * Math.log(n), logL);
    }

    /** Responsibilities in place; returns the log-likelihood. */
    static double eStep(double[][] z, List<Component> comps, double[][] r) {
        int k = comps.size();
        GaussianMixture g = new GaussianMixture(new double[z[0].length], ones(z[0].length), comps);
        double[] logDet = new double[k];
        for (int c = 0; c < k; c++) {
            logDet[c] = g.logDeterminant(c);
        }
        double[] work = new double[z[0].length];
        double total = 0;
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                r[i][c] = Math.log(comps.get(c).weight())
                        - 0.5 * (z[i].length * LOG_2PI + logDet[c] + g.distance(c, z[i], work));
                max = Math.max(max, r[i][c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                r[i][c] = Math.exp(r[i][c] - max);
                sum += r[i][c];
            }
            for (int c = 0; c < k; c++) {
                r[i][c] /= sum;
            }
            total += max + Math.log(sum);
        }
        return total;
    }

    /** Weights, means and covariances from responsibilities; null if a component holds too few windows. */
    private static List<Component> mStep(double[][] z, double[][] r, int k, boolean shrink) {
        int n = z.length;
        int d = z[0].length;
        List<Component> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double w = 0;
            double[] mu = new double[d];
            for (int i = 0; i < n; i++) {
                w += r[i][c];
                for (int j = 0; j < d; j++) {
                    mu[j] += r[i][c] * z[i][j];
                }
            }
            if (w < d + 1) {
                return null;
            }
            for (int j = 0; j < d; j++) {
                mu[j] /= w;
            }
            double[][] s = new double[d][d];
            double[] dev = new double[d];
            for (int i = 0; i < n; i++) {
                double ri = r[i][c];
                if (ri < 1e-12) {
                    continue;
                }
                for (int a = 0; a < d; a++) {
                    dev[a] = z[i][a] - mu[a];
                }
                for (int a = 0; a < d; a++) {
                    double ra = ri * dev[a];
                    for (int b = 0; b <= a; b++) {
                        s[a][b] += ra * dev[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    s[a][b] /= w;
                    s[b][a] = s[a][b];
                }
            }
            double lambda = shrink ? ledoitWolf(z, r, c, mu, s, w) : 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    if (a != b) {
                        s[a][b] *= 1 - lambda;
                    }
                }
                s[a][a] += RIDGE;
            }
            out.add(new Component(w / n, mu, s, lambda));
        }
        return out;
    }

    /**
     * The Ledoit-Wolf weight on the diagonal target (variances kept, correlations shrunk): the
     * estimated variance of the off-diagonal sample covariances over their squared size, each window
     * weighted by its responsibility.
     */
    private static double ledoitWolf(double[][] z, double[][] r, int c, double[] mu, double[][] s, double w) {
        int d = mu.length;
        double offDiagonal = 0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                offDiagonal += 2 * s[a][b] * s[a][b];
            }
        }
        if (offDiagonal == 0) {
            return 1;
        }
        double spread = 0;
        double[] dev = new double[d];
        for (int i = 0; i < z.length; i++) {
            double ri = r[i][c];
            if (ri < 1e-12) {
                continue;
            }
            for (int a = 0; a < d; a++) {
                dev[a] = z[i][a] - mu[a];
            }
            double sum = 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    double e = dev[a] * dev[b] - s[a][b];
                    sum += 2 * e * e;
                }
            }
            spread += ri * ri * sum;
        }
        double lambda = spread / (w * w) / offDiagonal;
        return Math.max(0, Math.min(1, lambda));
    }

    /** k-means++ seeding and a few Lloyd rounds, as hard responsibilities. */
    private double[][] seed(double[][] z, int k) {
        int n = z.length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = new double[k][];
        centres[0] = z[rng.nextInt(n)].clone();
        double[] d2 = new double[n];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Double.POSITIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    d2[i] = Math.min(d2[i], squared(z[i], centres[j]));
                }
                total += d2[i];
            }
            double pick = rng.nextDouble() * total;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) {
                pick -= d2[i];
                if (pick <= 0) {
                    chosen = i;
                    break;
                }
            }
            centres[c] = z[chosen].clone();
        }
        int[] label = new int[n];
        for (int round = 0; round < KMEANS_ROUNDS; round++) {
            for (int i = 0; i < n; i++) {
                label[i] = nearest(z[i], centres);
            }
            recentre(z, label, centres);
        }
        double[][] r = new double[n][k];
        for (int i = 0; i < n; i++) {
            r[i][nearest(z[i], centres)] = 1;
        }
        return r;
    }

    private static void recentre(double[][] z, int[] label, double[][] centres) {
        int d = z[0].length;
        double[][] sum = new double[centres.length][d];
        int[] count = new int[centres.length];
        for (int i = 0; i < z.length; i++) {
            count[label[i]]++;
            for (int j = 0; j < d; j++) {
                sum[label[i]][j] += z[i][j];
            }
        }
        for (int c = 0; c < centres.length; c++) {
            if (count[c] > 0) {
                for (int j = 0; j < d; j++) {
                    centres[c][j] = sum[c][j] / count[c];
                }
            }
        }
    }

    private static int nearest(double[] x, double[][] centres) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double dd = squared(x, centres[c]);
            if (dd < bestD) {
                bestD = dd;
                best = c;
            }
        }
        return best;
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }

    private static double[] ones(int d) {
        double[] o = new double[d];
        Arrays.fill(o, 1);
        return o;
    }
}
