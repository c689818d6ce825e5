package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed autoencoders through DJL, as the stage runs them. */
class AutoencoderModelTest {
    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
    }

    private static double mean(ModelRunner m, List<Window> windows) throws Exception {
        double s = 0;
        for (Window w : windows) {
            s += m.predict(w).logits()[0];
        }
        return s / windows.size();
    }

    @Test
    void bothCommittedModelsLoadAndErrOnABearingFaultMoreThanOnNormalRunning() throws Exception {
        List<Window> normal = Signals.normal(31, 40);
        List<Window> fault = Signals.simulated(List.of(new ScenarioStep(MachineState.BEARING_FAULT, 60, 25.0, 1, 0.3,
                null)),
                32, 40, 0);
        for (String file : List.of("vibration_ae_student.pt", "vibration_ae_student_int8.pt")) {
            try (ModelRunner m = AnomalyStage.loadAutoencoder(MODELS.resolve(file), Signals.SHAPE)) {
                assertThat(m.info().labels()).containsExactly("reconstruction_error");
                double n = mean(m, normal);
                assertThat(n).isBetween(0.5, 1.5);
                assertThat(mean(m, fault)).isGreaterThan(1.5 * n);
            }
        }
    }

    @Test
    void theStageLearnsItsThresholdWithTheRealModel() throws Exception {
        AnomalyConfig c = Signals.config("detector: autoencoder\nlearn_windows: 200\nmodel: "
                + MODELS.resolve("vibration_ae_student_int8.pt").toAbsolutePath(), Signals.RATE);
        ModelRunner m = AnomalyStage.loadAutoencoder(c.model(), Signals.SHAPE);
        try (AnomalyStage s = AnomalyStage.open(c, Signals.SHAPE, dir.resolve("b"), m, Runnable::run, Clock
                .systemUTC())) {
            for (Window w : Signals.normal(33, 260)) {
                AnomalyResult r = s.score(w);
                assertThat(r.alarm()).isFalse();
            }
            assertThat(s.status().phase()).isEqualTo("ready");
            List<Window> fault = Signals.simulated(List.of(new ScenarioStep(MachineState.BEARING_FAULT, 60, 25.0, 1,
                    0.5,
                    null)), 34, 20, 260);
            AnomalyResult last = null;
            for (Window w : fault) {
                last = s.score(w);
            }
            assertThat(last.state()).isEqualTo(State.ANOMALY);
        }
    }

    @Test
    void aModelForAnotherWindowIsRefusedNamingTheKey() {
        StreamShape other = new StreamShape("x", 400, ChannelUnits.unknown(2), 128, 64);
        assertThatThrownBy(() -> AnomalyStage.loadAutoencoder(MODELS.resolve("vibration_ae_student.pt"), other))
                .isInstanceOf(ModelLoadException.class)
                .satisfies(e -> assertThat(((ModelLoadException) e).key()).isEqualTo("anomaly.model"));
    }
}
