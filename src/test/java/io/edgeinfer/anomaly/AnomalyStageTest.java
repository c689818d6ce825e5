package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.FakeModelRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage as the pipeline will use it, with real baseline files and the simulator's signals. */
class AnomalyStageTest {
    private static final AnomalyConfig LEARN_300 = Signals.config("learn_windows: 300", Signals.RATE);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("state").resolve("anomaly.baseline");
    }

    private AnomalyStage open(AnomalyConfig c) throws Exception {
        return AnomalyStage.open(c, Signals.SHAPE, file(), null, Runnable::run, Clock.systemUTC());
    }

    private static List<AnomalyResult> feed(AnomalyStage s, List<Window> windows) throws Exception {
        List<AnomalyResult> out = new ArrayList<>();
        for (Window w : windows) {
            out.add(s.score(w));
        }
        return out;
    }

    private static List<Window> reindex(List<Window> windows, long first) {
        List<Window> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            out.add(windows.get(i).withIndex(first + i));
        }
        return out;
    }

    @Test
    void learningNeverAlarmsAndEndsInABaselineFileThatSaysItIsTooSmallForTheBudget() throws Exception {
        List<Window> normal = Signals.normal(1, 400);
        try (AnomalyStage s = open(LEARN_300)) {
            assertThat(s.status().phase()).isEqualTo("learning");
            List<AnomalyResult> learning = feed(s, normal.subList(0, 300));
            assertThat(learning).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(State.LEARNING);
                assertThat(r.alarm()).isFalse();
                assertThat(r.score()).isNull();
                assertThat(r.severity().zone()).isNotNull();
            });
            assertThat(learning.get(299).learning().windows()).isEqualTo(300);
            List<AnomalyResult> after = feed(s, normal.subList(300, 400));
            assertThat(after).allSatisfy(r -> assertThat(r.state()).isEqualTo(State.NORMAL));
            assertThat(s.status().phase()).isEqualTo("ready");
            assertThat(s.status().baseline().windows()).isEqualTo(300);
            assertThat(s.status().baseline().windowsNeeded()).isEqualTo(5400);
            assertThat(s.status().baseline().sufficient()).isFalse();
            assertThat(after.get(0).baseline().sufficient()).isFalse();
        }
        assertThat(file()).exists();
        assertThat(file().resolveSibling("anomaly.baseline.learning")).doesNotExist();
    }

    @Test
    void aRestartDuringLearningResumesAndOneAfterItKeepsTheBaseline() throws Exception {
        List<Window> normal = Signals.normal(2, 320);
        try (AnomalyStage s = open(LEARN_300)) {
            feed(s, normal.subList(0, 150));
        }
        double threshold;
        try (AnomalyStage s = open(LEARN_300)) {
            assertThat(s.status().learning().windows()).isEqualTo(150);
            feed(s, normal.subList(150, 301));
            assertThat(s.status().phase()).isEqualTo("ready");
            threshold = s.status().threshold();
        }
        try (AnomalyStage s = open(LEARN_300)) {
            assertThat(s.status().phase()).isEqualTo("ready");
            assertThat(s.status().threshold()).isEqualTo(threshold);
            assertThat(s.status().relearnReason()).isNull();
            assertThat(s.score(normal.get(310)).state()).isEqualTo(State.NORMAL);
        }
    }

    @Test
    void relearnForgetsTheBaselineAtTheNextWindowAndARestartGoesOnLearning() throws Exception {
        List<Window> normal = Signals.normal(4, 480);
        try (AnomalyStage s = open(LEARN_300)) {
            feed(s, normal.subList(0, 301));
            assertThat(s.status().phase()).isEqualTo("ready");
            assertThat(s.relearn()).isTrue();
            assertThat(s.status().phase()).as("takes effect at the next window").isEqualTo("ready");
            AnomalyResult r = s.score(normal.get(301));
            assertThat(r.state()).isEqualTo(State.LEARNING);
            assertThat(r.learning().windows()).isEqualTo(1);
            assertThat(s.status().relearnReason()).contains("relearn");
            assertThat(s.status().baseline()).isNull();
            feed(s, normal.subList(302, 400));
        }
        assertThat(file()).as("a restart must not bring the old baseline back").doesNotExist();
        try (AnomalyStage s = open(LEARN_300)) {
            assertThat(s.status().phase()).isEqualTo("learning");
            assertThat(s.status().learning().windows()).isEqualTo(99);
        }
    }

    @Test
    void relearnWithNoDetectorIsRefused() throws Exception {
        try (AnomalyStage s = open(Signals.config("detector: none", Signals.RATE))) {
            assertThat(s.relearn()).isFalse();
            assertThat(s.accept()).isFalse();
        }
    }

    @Test
    void changedSettingsOrADamagedFileMeanRelearningSaidSoNeverACrash() throws Exception {
        try (AnomalyStage s = open(LEARN_300)) {
            feed(s, Signals.normal(3, 301));
        }
        AnomalyConfig otherBands = Signals.config("learn_windows: 300\nbands: [{from_hz: 10, to_hz: 50}]",
                Signals.RATE);
        try (AnomalyStage s = open(otherBands)) {
            assertThat(s.status().phase()).isEqualTo("learning");
            assertThat(s.status().relearnReason()).contains("settings changed");
        }
        // Until the new learning is done, the old file stays: going back to the old settings needs nothing.
        try (AnomalyStage s = open(LEARN_300)) {
            assertThat(s.status().phase()).isEqualTo("ready");
        }
        byte[] good = Files.readAllBytes(file());
        Files.write(file(), Arrays.copyOf(good, good.length - 100));
        try (AnomalyStage s = open(LEARN_300)) {
            assertThat(s.status().phase()).isEqualTo("learning");
            assertThat(s.status().relearnReason()).contains("baseline file").contains("truncated");
        }
        Files.write(file(), "\u0000\u00ff garbage \n{".getBytes(StandardCharsets.ISO_8859_1));
        try (AnomalyStage s = open(LEARN_300)) {
            assertThat(s.status().phase()).isEqualTo("learning");
            feed(s, Signals.normal(3, 301));
            assertThat(s.status().phase()).isEqualTo("ready");
        }
        assertThat(BaselineFile.read(file())).isNotNull();
    }

    @Test
    void sensorFaultsAreReportedAsSuchAndNeverLearned() throws Exception {
        List<Window> normal = Signals.normal(4, 310);
        try (AnomalyStage s = open(LEARN_300)) {
            feed(s, normal.subList(0, 100));
            float[] stuck = normal.get(100).data().clone();
            Arrays.fill(stuck, 256, 512, 0.5f);
            AnomalyResult r = s.score(Window.of(100, new int[]{3, 256}, stuck));
            assertThat(r.state()).isEqualTo(State.SENSOR_FAULT);
            assertThat(r.flags()).containsExactly(SignalFlag.STUCK);
            assertThat(r.severity()).isNull();
            assertThat(s.status().learning().windows()).isEqualTo(100);
            feed(s, normal.subList(100, 301));
            float[] nan = normal.get(301).data().clone();
            nan[3] = Float.NaN;
            r = s.score(Window.of(301, new int[]{3, 256}, nan));
            assertThat(r.state()).isEqualTo(State.SENSOR_FAULT);
            assertThat(r.flags()).containsExactly(SignalFlag.NON_FINITE);
            assertThat(r.score()).isNull();
            assertThat(r.alarm()).isFalse();
            Window saturated = normal.get(302).withFlags(Set.of(SignalFlag.SATURATED));
            assertThat(s.score(saturated).state()).isEqualTo(State.SENSOR_FAULT);
        }
    }

    /** Two operating points, a minute each, alternating: 25 Hz, and 35 Hz at 1.5 times the load. */
    private static List<ScenarioStep> speedSteps() {
        return List.of(new ScenarioStep(MachineState.NORMAL, 60, 25.0, 1, 1, null),
                new ScenarioStep(MachineState.NORMAL, 60, 35.0, 1.5, 1, null));
    }

    @Test
    void speedAndLoadStepsSeenWhileLearningDoNotAlarmAGrowingBearingFaultDoes() throws Exception {
        AnomalyConfig c = Signals.config("learn_windows: 900", Signals.RATE);
        List<Window> normal = Signals.simulated(speedSteps(), 5, 1500, 0);
        try (AnomalyStage s = open(c)) {
            feed(s, normal.subList(0, 900));
            List<AnomalyResult> held = feed(s, normal.subList(900, 1500));
            assertThat(held).noneMatch(AnomalyResult::alarm);
            List<Window> fault = reindex(Signals.simulated(List.of(new ScenarioStep(MachineState.BEARING_FAULT, 60,
                    25.0, 1,
                    0.3, null)), 6, 40, 0), 1500);
            List<AnomalyResult> r = feed(s, fault);
            assertThat(r.subList(10, 40)).allSatisfy(x -> assertThat(x.state()).isEqualTo(State.ANOMALY));
            assertThat(r.get(39).contributors()).isNotEmpty();
            assertThat(r.get(39).novelCondition()).isFalse();
        }
    }

    @Test
    void aSpeedNeverSeenAlarmsAsANovelConditionUntilAnOperatorAcceptsIt() throws Exception {
        AnomalyConfig c = Signals.config("learn_windows: 600\naccept_windows: 200", Signals.RATE);
        List<ScenarioStep> fast = List.of(new ScenarioStep(MachineState.NORMAL, 3600, 45.0, 1, 1, null));
        try (AnomalyStage s = open(c)) {
            assertThat(s.accept()).isFalse();
            feed(s, Signals.normal(7, 601));
            List<AnomalyResult> unseen = feed(s, reindex(Signals.simulated(fast, 8, 40, 0), 601));
            AnomalyResult last = unseen.get(39);
            assertThat(last.state()).isEqualTo(State.ANOMALY);
            assertThat(last.novelCondition()).isTrue();
            assertThat(s.accept()).isTrue();
            List<AnomalyResult> accepting = feed(s, reindex(Signals.simulated(fast, 9, 201, 0), 641));
            assertThat(accepting.subList(0, 200)).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(State.LEARNING);
                assertThat(r.alarm()).isFalse();
            });
            assertThat(s.status().phase()).isEqualTo("ready");
            assertThat(s.status().baseline().acceptedWindows()).isEqualTo(200);
            assertThat(feed(s, reindex(Signals.simulated(fast, 10, 100, 0), 842))).noneMatch(AnomalyResult::alarm);
            List<ScenarioStep> faultFast = List.of(new ScenarioStep(MachineState.BEARING_FAULT, 60, 45.0, 1, 0.5,
                    null));
            List<AnomalyResult> fault = feed(s, reindex(Signals.simulated(faultFast, 11, 30, 0), 942));
            assertThat(fault.get(29).alarm()).isTrue();
        }
        try (AnomalyStage s = open(c)) {
            assertThat(s.status().baseline().acceptedWindows()).isEqualTo(200);
        }
    }

    @Test
    void anAutoencoderLearnsItsThresholdOnTheDevice() throws Exception {
        Path modelFile = Files.writeString(dir.resolve("ae.pt"), "stand-in");
        AnomalyConfig c = Signals.config("detector: autoencoder\nlearn_windows: 300\nmodel: " + modelFile,
                Signals.RATE);
        // A stand-in for the model: its "reconstruction error" is the window's AC power.
        var model = new FakeModelRunner(List.of("reconstruction_error"), w -> {
            double s = 0;
            for (int i = 0; i < 256; i++) {
                s += w.data()[i] * w.data()[i];
            }
            return new float[]{(float) (s / 256)};
        });
        List<Window> normal = Signals.normal(12, 400);
        try (AnomalyStage s = AnomalyStage.open(c, Signals.SHAPE, file(), model, Runnable::run, Clock.systemUTC())) {
            assertThat(feed(s, normal.subList(0, 300))).allSatisfy(r -> assertThat(r.state()).isEqualTo(
                    State.LEARNING));
            assertThat(feed(s, normal.subList(300, 400))).noneMatch(AnomalyResult::alarm);
            List<Window> imbalance = reindex(Signals.simulated(List.of(new ScenarioStep(MachineState.IMBALANCE, 60,
                    25.0, 1,
                    1, null)), 13, 30, 0), 400);
            assertThat(feed(s, imbalance).get(29).alarm()).isTrue();
            assertThat(s.status().detector()).isEqualTo("autoencoder");
        }
        assertThat(model.closed()).isTrue();
    }
}
