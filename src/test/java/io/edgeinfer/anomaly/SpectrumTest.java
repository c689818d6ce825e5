package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpectrumTest {
    private static double sum(double[] p, int from, int to) {
        double s = 0;
        for (int k = from; k <= to; k++) {
            s += p[k];
        }
        return s;
    }

    @Test
    void binsOfNoiseSumToItsMeanSquare() {
        int n = 4096;
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * rng.nextGaussian());
        }
        double[] p = new double[n / 2 + 1];
        new Spectrum(n).power(x, 0, 0, p);
        assertThat(sum(p, 0, n / 2)).isCloseTo(0.25, within(0.25 * 0.05));
    }

    @Test
    void aSineHasItsMeanSquareInTheBinsAroundItsFrequency() {
        int n = 256;
        float[] x = Signals.sines(n, 256, new double[]{2}, new double[]{20});
        double[] p = new double[n / 2 + 1];
        new Spectrum(n).power(x, 0, 0, p);
        assertThat(sum(p, 18, 22)).isCloseTo(2.0, within(0.01));
        assertThat(sum(p, 30, n / 2)).isLessThan(1e-6);
    }

    @Test
    void oddLengthsAndOffsetsWork() {
        int n = 255;
        float[] two = Signals.sines(n, 255, new double[]{1, 3}, new double[]{40.5, 60});
        double[] p = new double[n / 2 + 1];
        Spectrum s = new Spectrum(n);
        assertThat(s.bins()).isEqualTo(128);
        s.power(two, n, 0, p);
        assertThat(sum(p, 1, 127)).isCloseTo(4.5, within(0.05));
    }

    @Test
    void theEnvelopeOfAModulatedCarrierShowsTheModulationFrequency() {
        int n = 1000;
        double rate = 1000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / rate;
            x[i] = (float) ((1 + 0.5 * Math.sin(2 * Math.PI * 10 * t)) * Math.sin(2 * Math.PI * 100 * t));
        }
        Spectrum s = new Spectrum(n);
        double[] p = new double[n / 2 + 1];
        double[] env = new double[n / 2 + 1];
        s.power(x, 0, 0, p);
        s.envelopePower(60, 140, env);
        // A 50 % modulation of a unit carrier: the envelope's 10 Hz line has mean square 0.5^2 / 2.
        assertThat(sum(env, 9, 11)).isCloseTo(0.125, within(0.01));
        assertThat(sum(env, 15, 60)).isLessThan(0.002);
    }
}
