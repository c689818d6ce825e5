package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.MachineState;
import org.junit.jupiter.api.Test;

class VibrationSignalTest {
    private static float[] run(long seed, MachineState s, int n) {
        VibrationSignal v = new VibrationSignal(seed, 400);
        float[] out = new float[3 * n];
        for (int i = 0; i < n; i++) {
            v.next(s, out, 3 * i);
        }
        return out;
    }

    @Test
    void sameSeedSameSamplesOtherSeedOtherSamples() {
        assertThat(run(7, MachineState.BEARING_FAULT, 500)).containsExactly(run(7, MachineState.BEARING_FAULT, 500));
        assertThat(run(7, MachineState.NORMAL, 500)).isNotEqualTo(run(8, MachineState.NORMAL, 500));
    }

    @Test
    void datasetIsDeterministicPerSeedAndIndex() {
        SimulatedDataset a = new SimulatedDataset(3, 400, 64);
        SimulatedDataset b = new SimulatedDataset(3, 400, 64);
        for (int i = 0; i < 10; i++) {
            assertThat(a.window(i).state()).isEqualTo(b.window(i).state());
            assertThat(a.window(i).data()).containsExactly(b.window(i).data());
        }
        assertThat(new SimulatedDataset(4, 400, 64).window(0).data()).isNotEqualTo(a.window(0).data());
    }

    /** Power at one frequency (single-bin DFT) of one axis. */
    private static double power(float[] xyz, int axis, double hz, int n) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double ph = 2 * Math.PI * hz * i / 400;
            re += xyz[3 * i + axis] * Math.cos(ph);
            im += xyz[3 * i + axis] * Math.sin(ph);
        }
        return (re * re + im * im) / n;
    }

    private static double band(float[] xyz, int axis, double lo, double hi, int n) {
        double sum = 0;
        for (double f = lo; f <= hi; f += 0.5) {
            sum += power(xyz, axis, f, n);
        }
        return sum;
    }

    @Test
    void statesCarryTheirSpectralSignatures() {
        int n = 2048;
        float[] normal = run(1, MachineState.NORMAL, n);
        float[] imbalance = run(1, MachineState.IMBALANCE, n);
        float[] misalign = run(1, MachineState.MISALIGNMENT, n);
        float[] bearing = run(1, MachineState.BEARING_FAULT, n);
        // Imbalance: radial 1x (20-30 Hz) far above normal.
        assertThat(band(imbalance, 0, 20, 30, n)).isGreaterThan(20 * band(normal, 0, 20, 30, n));
        // Misalignment: radial 2x (40-60 Hz) and axial 1x.
        assertThat(band(misalign, 0, 40, 60, n)).isGreaterThan(20 * band(normal, 0, 40, 60, n));
        assertThat(band(misalign, 2, 20, 30, n)).isGreaterThan(20 * band(normal, 2, 20, 30, n));
        // Bearing fault: energy around the 150 Hz resonance.
        assertThat(band(bearing, 1, 140, 160, n)).isGreaterThan(5 * band(normal, 1, 140, 160, n));
    }
}
