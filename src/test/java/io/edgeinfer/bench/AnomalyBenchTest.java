package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.sensor.ScenarioWindows;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly bench end to end on small simulated files. */
class AnomalyBenchTest {
    @TempDir
    Path dir;

    private Path simulate(String name, List<ScenarioStep> steps, long seed, int windows) throws Exception {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            new ScenarioWindows(steps, seed, 400, 256, 128).writeCsv(windows, w);
        }
        return f;
    }

    @Test
    void aDetectorLearnsOnTheNormalFileAndIsMeasuredOnTheRest() throws Exception {
        Path normal = simulate("normal.csv", List.of(new ScenarioStep(MachineState.NORMAL, 3600, 25.0, 1, 1, null)), 1,
                900);
        Path ramp = simulate("ramp.csv", List.of(new ScenarioStep(MachineState.BEARING_FAULT, 120, 25.0, 1, 0, 1.0)), 2,
                300);
        Path control = simulate("control.csv", List.of(new ScenarioStep(MachineState.BEARING_FAULT, 120, 25.0, 1, 0,
                0.0)), 2,
                300);
        AnomalyConfig c = AnomalySettings.defaults(400, AnomalyConfig.Detector.STATS, null, 500, true);
        var results = AnomalyBench.run(new AnomalyBench.Settings(normal, ramp, control, 400, 128, "g"),
                List.of(new AnomalyBench.Candidate("stats", c)), dir);
        AnomalyBench.Result r = results.get(0);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.learnWindows()).isEqualTo(500);
        // The window during which the fit finished is not counted: the baseline takes over at the next one.
        assertThat(r.heldOutWindows()).isEqualTo(399);
        assertThat(r.aucAll()).isGreaterThan(0.9);
        assertThat(r.delayWindows()).isNotNull().isLessThan(150);
        assertThat(r.controlAlarms()).isZero();
        assertThat(r.modelBytes()).isPositive();
        assertThat(AnomalyReport.markdown(results, 400, 128)).contains("| stats | 500 (5,400) | 399 windows");
    }

    @Test
    void aNormalFileTooShortToFinishLearningIsSaidSo() throws Exception {
        Path normal = simulate("short.csv", List.of(new ScenarioStep(MachineState.NORMAL, 60)), 1, 50);
        AnomalyConfig c = AnomalySettings.defaults(400, AnomalyConfig.Detector.STATS, null, 100, false);
        var r = AnomalyBench.run(new AnomalyBench.Settings(normal, normal, null, 400, 128, null),
                List.of(new AnomalyBench.Candidate("stats", c)), dir).get(0);
        assertThat(r.status()).contains("learning did not finish").contains("50 windows");
    }
}
