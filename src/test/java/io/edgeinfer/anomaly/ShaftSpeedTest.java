package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShaftSpeedTest {
    private static double estimate(double one, double two, double three, double shaft) {
        int n = 256;
        double rate = 400;
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / rate;
            x[i] = (float) (one * Math.sin(2 * Math.PI * shaft * t) + two * Math.sin(4 * Math.PI * shaft * t + 1)
                    + three * Math.sin(6 * Math.PI * shaft * t + 2) + 0.03 * rng.nextGaussian());
        }
        double[][] p = new double[1][n / 2 + 1];
        new Spectrum(n).power(x, 0, 0, p[0]);
        return new ShaftSpeed(5, 100, rate / n, n / 2 + 1).estimate(p);
    }

    @Test
    void findsTheRunningSpeedBetweenBins() {
        assertThat(estimate(0.05, 0.02, 0.01, 23.4)).isCloseTo(23.4, within(0.3));
        assertThat(estimate(0.05, 0, 0, 31.1)).isCloseTo(31.1, within(0.3));
    }

    @Test
    void aSecondHarmonicUpToTwiceTheFirstDoesNotPassForTheSpeed() {
        assertThat(estimate(0.05, 0.065, 0.01, 27.0)).isCloseTo(27.0, within(0.3));
    }
}
