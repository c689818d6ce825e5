package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureFitTest {
    /** Two correlated clusters in 3-D, 600 points each, far apart on the first axis. */
    private static double[][] twoModes() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] z = new double[1200][3];
        for (int i = 0; i < z.length; i++) {
            double a = rng.nextGaussian();
            double centre = i % 2 == 0 ? -3 : 3;
            z[i] = new double[]{centre + 0.3 * a, 0.5 * a + 0.1 * rng.nextGaussian(), rng.nextGaussian()};
        }
        return z;
    }

    @Test
    void bicFindsTheTwoModesAndTheScoreIsTheDistanceToTheNearest() {
        double[][] z = twoModes();
        MixtureFit.Fitted f = new MixtureFit(1).best(z, 4);
        assertThat(f.components()).hasSize(2);
        GaussianMixture g = new GaussianMixture(new double[3], new double[]{1, 1, 1}, f.components());
        assertThat(g.scoreStandardised(new double[]{3, 0, 0})).isLessThan(3);
        assertThat(g.scoreStandardised(new double[]{-3, 0, 0})).isLessThan(3);
        // Between the modes is far from both; so is a break of the learned correlation.
        assertThat(g.scoreStandardised(new double[]{0, 0, 0})).isGreaterThan(50);
        assertThat(g.scoreStandardised(new double[]{3, -1.5, 0})).isGreaterThan(50);
        f.components().forEach(c -> assertThat(c.shrinkage()).isBetween(0.0, 1.0));
    }

    @Test
    void oneComponentIsAShrunkCovarianceMahalanobisDistance() {
        double[][] z = twoModes();
        MixtureFit.Fitted f = new MixtureFit(1).best(z, 1);
        assertThat(f.components()).hasSize(1);
        assertThat(f.components().get(0).weight()).isEqualTo(1.0);
    }

    @Test
    void addedComponentsOnlyLowerScores() {
        double[][] z = twoModes();
        MixtureFit.Fitted f = new MixtureFit(1).fit(z, 1);
        GaussianMixture one = new GaussianMixture(new double[3], new double[]{1, 1, 1}, f.components());
        GaussianMixture more = one.plus(new MixtureFit(2).fit(z, 2).components(), 0.5);
        for (double[] p : new double[][]{{0, 0, 0}, {3, 0, 0}, {9, 9, 9}}) {
            assertThat(more.scoreStandardised(p)).isLessThanOrEqualTo(one.scoreStandardised(p));
        }
        assertThat(more.components()).hasSize(3);
    }
}
