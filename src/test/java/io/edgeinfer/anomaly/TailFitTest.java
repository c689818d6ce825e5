package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class TailFitTest {
    private static double[] draw(int n, long seed, DoubleUnaryOperator inverseCdf) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = inverseCdf.applyAsDouble(rng.nextDouble());
        }
        return x;
    }

    @Test
    void anExponentialTailIsExtrapolatedFarBeyondTheData() {
        // 5,000 draws show the 1 - 2e-4 quantile; the fit is asked for 1 - 1e-6, 200 times further out.
        double[] x = draw(5000, 1, u -> -Math.log(1 - u));
        TailFit t = TailFit.fit(x);
        assertThat(t.zeta()).isCloseTo(0.1, within(0.001));
        assertThat(t.threshold(1e-6)).isCloseTo(-Math.log(1e-6), within(-Math.log(1e-6) * 0.15));
        assertThat(t.exceedance(t.threshold(1e-5))).isCloseTo(1e-5, within(1e-9));
    }

    @Test
    void aFewStrayLearningWindowsDoNotPushTheThresholdAway() {
        double[] clean = draw(300, 4, u -> -Math.log(1 - u));
        double[] stray = Arrays.copyOf(clean, 302);
        stray[300] = 1e6;
        stray[301] = 3e5;
        double a = TailFit.fit(clean).threshold(1e-6);
        double b = TailFit.fit(stray).threshold(1e-6);
        assertThat(b).isCloseTo(a, within(a * 0.1));
    }

    @Test
    void aHeavyTailShowsInTheFittedShapeAndIsUnderestimatedFarOut() {
        // Pareto-type tail with xi = 0.3: F^-1(u) = ((1 - u)^-xi - 1) / xi
        double[] x = draw(20_000, 2, u -> (Math.pow(1 - u, -0.3) - 1) / 0.3);
        TailFit t = TailFit.fit(x);
        assertThat(t.xiFitted()).isCloseTo(0.3, within(0.12));
        double truth = (Math.pow(1e-6, -0.3) - 1) / 0.3;
        assertThat(t.threshold(1e-6)).isLessThan(truth);
    }

    @Test
    void aBoundedTailGetsAnExponentialOneBeyondTheData() {
        double[] x = draw(5000, 3, u -> u);
        TailFit t = TailFit.fit(x);
        assertThat(t.xiFitted()).isLessThan(-0.5);
        assertThat(t.threshold(1e-6)).isGreaterThan(1.0);
    }

    @Test
    void tooFewScoresCannotBeFitted() {
        assertThatThrownBy(() -> TailFit.fit(new double[39])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 40");
    }
}
