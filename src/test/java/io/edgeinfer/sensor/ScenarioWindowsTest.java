package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioWindowsTest {
    private static List<float[]> windows(List<ScenarioStep> steps, int count) throws IOException {
        List<float[]> out = new ArrayList<>();
        new ScenarioWindows(steps, 3, 400, 256, 128).generate(count, (i, state, data) -> out.add(data));
        return out;
    }

    /** Power at {@code hz} (single-bin DFT) of channel {@code c} of a channel-major window of 256. */
    private static double power(float[] w, int c, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < 256; i++) {
            double ph = 2 * Math.PI * hz * i / 400;
            re += w[c * 256 + i] * Math.cos(ph);
            im += w[c * 256 + i] * Math.sin(ph);
        }
        return (re * re + im * im) / 256;
    }

    private static double band(float[] w, int c, double lo, double hi) {
        double s = 0;
        for (double f = lo; f <= hi; f += 1.5625) {
            s += power(w, c, f);
        }
        return s;
    }

    @Test
    void consecutiveWindowsOverlapByTheHop() throws IOException {
        List<float[]> w = windows(List.of(new ScenarioStep(MachineState.NORMAL, 60)), 3);
        for (int i = 0; i < 128; i++) {
            assertThat(w.get(1)[i]).isEqualTo(w.get(0)[i + 128]);
            assertThat(w.get(2)[256 + i]).isEqualTo(w.get(1)[256 + i + 128]);
        }
    }

    @Test
    void aDegradationGrowsFromNothing() throws IOException {
        // 60 s from level 0 to 1: windows every 0.32 s, so about 187 windows.
        List<float[]> w = windows(List.of(new ScenarioStep(MachineState.BEARING_FAULT, 60, 25.0, 1, 0, 1.0)), 187);
        double early = 0;
        double late = 0;
        for (int i = 0; i < 10; i++) {
            early += band(w.get(i), 1, 130, 170);
            late += band(w.get(176 + i), 1, 130, 170);
        }
        assertThat(late).isGreaterThan(50 * early);
    }

    @Test
    void aSpeedStepMovesTheShaftLineAndTheLoadScalesIt() throws IOException {
        List<float[]> w = windows(List.of(new ScenarioStep(MachineState.NORMAL, 30, 25.0, 1, 1, null),
                new ScenarioStep(MachineState.NORMAL, 30, 35.0, 2, 1, null)), 180);
        float[] slow = w.get(80);
        float[] fast = w.get(170);
        assertThat(power(slow, 0, 25)).isGreaterThan(20 * power(slow, 0, 35));
        assertThat(power(fast, 0, 35)).isGreaterThan(20 * power(fast, 0, 25));
        // 0.05 g at load 1, 0.1 g at load 2: four times the power
        assertThat(power(fast, 0, 35) / power(slow, 0, 25)).isBetween(3.0, 5.0);
    }

    @Test
    void csvRowsAreLabelledWindowsInTheSimulateFormat() throws IOException {
        StringWriter out = new StringWriter();
        new ScenarioWindows(List.of(new ScenarioStep(MachineState.IMBALANCE, 60)), 1, 400, 8, 4).writeCsv(2, out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("label,x_0,x_1").endsWith(",z_7");
        assertThat(lines[1].split(",")).hasSize(25);
        assertThat(lines[1]).startsWith("imbalance,");
        StringBuilder b = new StringBuilder();
        ScenarioWindows.fixed5(b, -0.0000049f);
        ScenarioWindows.fixed5(b.append(' '), 1.234565f);
        ScenarioWindows.fixed5(b.append(' '), -12.5f);
        assertThat(b.toString()).isEqualTo("0.00000 1.23457 -12.50000");
    }
}
