package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.sensor.SimulatedDataset;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real DJL + PyTorch on the committed demo models. */
class DjlModelRunnerTest {
    static final Path MODELS = Path.of("models");
    static final List<String> LABELS = Arrays.stream(MachineState.values()).map(MachineState::key).toList();

    @BeforeAll
    static void engine() {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
    }

    private static DjlModelRunner load(String file, List<String> labels, int channels, int size)
            throws ModelLoadException {
        return DjlModelRunner.load(MODELS.resolve(file), "demo", "1", labels, channels, size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vibration_fp32.pt", "vibration_int8.pt"})
    void demoModelsClassifyFreshSimulatedWindows(String file) throws Exception {
        // Seed 99 was never used for training (1) or the held-out report (2).
        SimulatedDataset data = new SimulatedDataset(99, 400, 256);
        PostProcessor post = new PostProcessor(LABELS);
        int n = 200;
        int correct = 0;
        try (DjlModelRunner m = load(file, LABELS, 3, 256)) {
            for (int i = 0; i < n; i++) {
                SimulatedDataset.LabelledWindow lw = data.window(i);
                ModelOutput out = m.predict(new Window(i, 0, 0, System.nanoTime(), 3, 256, lw.data()));
                if (post.classify(out.logits()).label().equals(lw.state().key())) {
                    correct++;
                }
            }
        }
        assertThat(correct).as("correct of %d", n).isGreaterThanOrEqualTo((int) (0.95 * n));
    }

    @Test
    void infoCarriesTheFileDigestAndSize() throws Exception {
        try (DjlModelRunner m = load("vibration_int8.pt", LABELS, 3, 256)) {
            assertThat(m.info().sha256()).isEqualTo(Sha256.hex(MODELS.resolve("vibration_int8.pt")));
            assertThat(m.info().sha256()).hasSize(64);
            assertThat(m.info().sizeBytes()).isEqualTo(Files.size(MODELS.resolve("vibration_int8.pt")));
        }
    }

    @Test
    void missingFileIsRefusedNamingModelPath() {
        assertThatThrownBy(() -> load("nope.pt", LABELS, 3, 256))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.key()).isEqualTo("model.path"))
                .hasMessageContaining("model file not found");
    }

    @Test
    void corruptFileIsRefusedNamingModelPath(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.pt");
        byte[] good = Files.readAllBytes(MODELS.resolve("vibration_int8.pt"));
        Files.write(bad, Arrays.copyOf(good, good.length / 3));
        assertThatThrownBy(() -> DjlModelRunner.load(bad, "x", "1", LABELS, 3, 256))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.key()).isEqualTo("model.path"))
                .hasMessageContaining("not a loadable TorchScript model");
    }

    @Test
    void windowShapeTheModelCannotTakeIsRefused() {
        assertThatThrownBy(() -> load("vibration_int8.pt", LABELS, 3, 128))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.key()).isEqualTo("model.path"))
                .hasMessageContaining("rejects input of shape [1, 3, 128]");
    }

    @Test
    void labelCountThatDoesNotMatchTheOutputsIsRefused() {
        assertThatThrownBy(() -> load("vibration_int8.pt", List.of("a", "b", "c"), 3, 256))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.key()).isEqualTo("model.labels"))
                .hasMessageContaining("model has 4 outputs but 3 labels");
    }

    @Test
    void aModelWhoseOutputIsNotFloatIsRefusedNamingTheOutputAndItsType() {
        // int64_output.pt (models/make_test_models.py) takes [1, 3, 256] and gives 4 int64 values.
        Path model = Path.of("src/test/resources/models/int64_output.pt");
        assertThatThrownBy(() -> DjlModelRunner.load(model, "x", "1", LABELS, 3, 256))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> {
                    assertThat(e.key()).isEqualTo("model.path");
                    assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.OUTPUT);
                })
                .hasMessage("model output 0 is int64 [1, 4]; expected float32 scores, one per label (logits or "
                        + "probabilities), not class indices");
    }

    @Test
    void aFolderIsRefusedAsAFolder(@TempDir Path dir) {
        assertThatThrownBy(() -> DjlModelRunner.load(dir, "x", "1", LABELS, 3, 256))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.key()).isEqualTo("model.path"))
                .hasMessage(dir + " is a directory; give the model file (.pt) in it");
    }

    @Test
    void windowAfterWindowNoDirectMemoryIsLeftForTheGarbageCollector() throws Exception {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        SimulatedDataset data = new SimulatedDataset(7, 400, 256);
        try (DjlModelRunner m = load("vibration_int8.pt", LABELS, 3, 256)) {
            m.predict(new Window(0, 0, 0, System.nanoTime(), 3, 256, data.window(0).data()));
            long before = direct.getCount();
            for (int i = 1; i <= 2000; i++) {
                m.predict(new Window(i, 0, 0, System.nanoTime(), 3, 256, data.window(i % 50).data()));
            }
            // A direct buffer per window (DJL's copy of a Java array) lives until a collection: 2000 here.
            assertThat(direct.getCount() - before).isLessThan(50);
        }
    }

    @Test
    void theReusedInputBufferGivesEachWindowItsOwnResult() throws Exception {
        SimulatedDataset data = new SimulatedDataset(8, 400, 256);
        try (DjlModelRunner m = load("vibration_fp32.pt", LABELS, 3, 256)) {
            float[] a = m.predict(new Window(0, 0, 0, System.nanoTime(), 3, 256, data.window(0).data())).logits();
            float[] b = m.predict(new Window(1, 0, 0, System.nanoTime(), 3, 256, data.window(20).data())).logits();
            float[] again = m.predict(new Window(2, 0, 0, System.nanoTime(), 3, 256, data.window(0).data())).logits();
            assertThat(again).containsExactly(a);
            assertThat(b).isNotEqualTo(a);
        }
    }

    @Test
    void noArrayOutlivesItsWindow() throws Exception {
        SimulatedDataset data = new SimulatedDataset(9, 400, 256);
        try (DjlModelRunner m = load("vibration_int8.pt", LABELS, 3, 256)) {
            m.predict(new Window(0, 0, 0, System.nanoTime(), 3, 256, data.window(0).data()));
            int after1 = m.attachedArrays();
            for (int i = 1; i <= 500; i++) {
                m.predict(new Window(i, 0, 0, System.nanoTime(), 3, 256, data.window(i % 50).data()));
            }
            // DJL's predictor gives each call a child NDManager and closes it: nothing accumulates.
            assertThat(m.attachedArrays()).isEqualTo(after1);
        }
    }
}
