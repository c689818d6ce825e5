package io.edgeinfer.anomaly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.AnomalyConfigReader;
import io.edgeinfer.config.ConfigError;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.Section;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.model.Window;
import io.edgeinfer.sensor.ScenarioWindows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test inputs: simulated windows, pure tones, and anomaly settings from YAML text (also for the pipeline's tests). */
public final class Signals {
    public static final double RATE = 400;
    static final int SIZE = 256;
    static final int HOP = 128;
    public static final StreamShape SHAPE = new StreamShape("simulated-vibration", RATE, ChannelUnits.of(List.of("x",
            "y", "z"), "g"),
            SIZE, HOP);

    private Signals() {
    }

    /** The simulator starts at a random speed and ramps to a set one: windows in that run-up are left out. */
    private static final int RUN_UP = 8;

    /**
     * Consecutive windows of the simulator following {@code steps} (after its run-up), indices from
     * {@code firstIndex}.
     */
    public static List<Window> simulated(List<ScenarioStep> steps, long seed, int count, long firstIndex) {
        List<Window> out = new ArrayList<>();
        try {
            new ScenarioWindows(steps, seed, RATE, SIZE, HOP).generate(count + RUN_UP, (i, s, d) -> {
                if (i >= RUN_UP) {
                    out.add(Window.of(firstIndex + i - RUN_UP, new int[]{3, SIZE}, d));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Normal running at a steady 25 Hz (the wander of the default scenario would leave a short learning behind). */
    public static List<Window> normal(long seed, int count) {
        return simulated(List.of(new ScenarioStep(MachineState.NORMAL, 3600, 25.0, 1, 1, null)), seed, count, 0);
    }

    /** A sine per channel (amplitude, frequency), channel-major. */
    static float[] sines(int n, double rate, double[] amplitude, double[] hz) {
        float[] d = new float[amplitude.length * n];
        for (int c = 0; c < amplitude.length; c++) {
            for (int i = 0; i < n; i++) {
                d[c * n + i] = (float) (amplitude[c] * Math.sin(2 * Math.PI * hz[c] * i / rate + 0.3 * c));
            }
        }
        return d;
    }

    /** The {@code anomaly} settings a YAML mapping gives at {@code rate} Hz; fails on any config error. */
    public static AnomalyConfig config(String yaml, double rate) {
        try {
            var node = new ObjectMapper(new YAMLFactory()).readTree(yaml.isBlank() ? "{}" : yaml);
            List<ConfigError> errors = new ArrayList<>();
            AnomalyConfig c = new AnomalyConfigReader(Path.of(".")).read(new Section(node, "anomaly", errors), rate);
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(errors.toString());
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
