package io.edgeinfer.anomaly;

import io.edgeinfer.anomaly.GaussianMixture.Component;
import io.edgeinfer.model.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code stats} detector: a Gaussian mixture of the feature vector learned on the device (the
 * number of components by BIC, at most {@code anomaly.stats.max_components}); a window's whitened
 * residual against its nearest component goes through a {@link Mewma} ({@code anomaly.smoothing};
 * 1: the plain squared Mahalanobis distance). Calibration scores are out of sample: the learning
 * windows are cut into blocks of {@link #BLOCK} (overlapping neighbours would leak into each other),
 * alternate blocks form two folds, each window's residual comes from the mixture fitted on the other
 * fold, and the residuals run through the same smoothing in time order.
 */
final class StatsDetector implements Detector {
    static final int BLOCK = 16;
    private final int width;
    private final int maxComponents;
    private final MixtureFit fitter;
    private final double lambda;
    private final Mewma live;
    private final double[] residual;

    StatsDetector(int featureCount, int maxComponents, double smoothing, long seed) {
        this.width = featureCount;
        this.maxComponents = maxComponents;
        this.fitter = new MixtureFit(seed);
        this.lambda = smoothing;
        this.live = new Mewma(smoothing);
        this.residual = new double[featureCount];
    }

    @Override
    public String key() {
        return "stats";
    }

    @Override
    public int recordWidth() {
        return width;
    }

    @Override
    public double[] record(Window w, WindowFeatures f) {
        return f.vector();
    }

    @Override
    public double score(Baseline b, Window w, WindowFeatures f) {
        GaussianMixture m = b.mixture();
        int k = m.nearest(m.standardise(f.vector()), residual);
        return live.update(residual, k);
    }

    @Override
    public void reset() {
        live.reset();
    }

    @Override
    public Fitted fit(double[][] records) {
        double[][] standard = MixtureFit.standardisation(records);
        GaussianMixture scaler = new GaussianMixture(standard[0], standard[1], List.of(unit(width)));
        double[][] z = standardiseAll(scaler, records);
        MixtureFit.Fitted all = fitter.best(z, maxComponents);
        GaussianMixture regimes = new GaussianMixture(new double[width], ones(width), all.components());
        double[] calibration = outOfFold(z, all.components().size(), List.of(), 0, null, regimes);
        return new Fitted(new GaussianMixture(standard[0], standard[1], all.components()), calibration);
    }

    @Override
    public Fitted fold(Baseline current, double[][] accepted) {
        GaussianMixture old = current.mixture();
        double[][] z = standardiseAll(old, accepted);
        double share = accepted.length / (double) (accepted.length + current.learnedWindows() + current
                .acceptedWindows());
        MixtureFit.Fitted added = fitter.best(z, maxComponents);
        GaussianMixture regimes = new GaussianMixture(new double[width], ones(width), old.components())
                .plus(added.components(), share);
        double[] fresh = outOfFold(z, added.components().size(), old.components(), share, old, regimes);
        double[] calibration = new double[current.calibration().length + fresh.length];
        System.arraycopy(current.calibration(), 0, calibration, 0, current.calibration().length);
        System.arraycopy(fresh, 0, calibration, current.calibration().length, fresh.length);
        return new Fitted(old.plus(added.components(), share), calibration);
    }

    /**
     * Scores of every row, in time order, from residuals against a mixture fitted without the row's
     * fold (plus {@code kept} components of an existing mixture, when folding an accept in), smoothed
     * as live scores are; the smoothing restarts where the nearest component of {@code regimes} (the
     * mixture that will serve) changes, as it will live.
     */
    private double[] outOfFold(double[][] z, int k, List<Component> kept, double share, GaussianMixture base,
            GaussianMixture regimes) {
        GaussianMixture[] models = new GaussianMixture[2];
        for (int fold = 0; fold < 2; fold++) {
            List<double[]> train = new ArrayList<>();
            for (int i = 0; i < z.length; i++) {
                if ((i / BLOCK) % 2 != fold) {
                    train.add(z[i]);
                }
            }
            models[fold] = half(train.toArray(double[][]::new), k, kept, share, base);
        }
        Mewma smoothing = new Mewma(lambda);
        double[] scores = new double[z.length];
        double[] e = new double[width];
        double[] unused = new double[width];
        for (int i = 0; i < z.length; i++) {
            models[(i / BLOCK) % 2].nearest(z[i], e);
            scores[i] = smoothing.update(e, regimes.nearest(z[i], unused));
        }
        return scores;
    }

    /** A mixture fitted on one fold; fewer components when the fold cannot hold k. */
    private GaussianMixture half(double[][] train, int k, List<Component> kept, double share, GaussianMixture base) {
        for (int kk = k; kk >= 1; kk--) {
            MixtureFit.Fitted f = fitter.fit(train, kk);
            if (f != null) {
                if (base == null) {
                    return new GaussianMixture(new double[width], ones(width), f.components());
                }
                GaussianMixture unitBase = new GaussianMixture(new double[width], ones(width), kept);
                return unitBase.plus(f.components(), share);
            }
        }
        throw new IllegalArgumentException("too few windows (" + train.length + ") for " + width + " features: learn"
                + " or accept at least " + 4 * (width + 1) + " windows");
    }

    private static double[][] standardiseAll(GaussianMixture scaler, double[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = scaler.standardise(x[i]);
        }
        return z;
    }

    private static Component unit(int d) {
        double[][] identity = new double[d][d];
        for (int i = 0; i < d; i++) {
            identity[i][i] = 1;
        }
        return new Component(1, new double[d], identity, 0);
    }

    private static double[] ones(int d) {
        double[] o = new double[d];
        Arrays.fill(o, 1);
        return o;
    }

    @Override
    public void close() {
        // nothing held
    }
}
