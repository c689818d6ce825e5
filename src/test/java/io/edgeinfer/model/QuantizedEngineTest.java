package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import io.edgeinfer.model.QuantizedEngine.Kind;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.sensor.SimulatedDataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quantized engine of the real libtorch in this JVM. */
class QuantizedEngineTest {
    @BeforeAll
    static void engine() {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
        Engine.getEngine("PyTorch");
    }

    @Test
    void theEngineIsReadAndSwitchedAndInt8StillClassifies() throws Exception {
        QuantizedEngine q = QuantizedEngine.ofLoadedLibtorch();
        Kind before = q.current();
        assertThat(q.supported()).contains(before, Kind.QNNPACK);
        try {
            q.use(Kind.QNNPACK);
            assertThat(q.current()).isEqualTo(Kind.QNNPACK);
            // Weights are packed for the engine current at load, so load after switching.
            try (DjlModelRunner m = DjlModelRunner.load(Path.of("models/vibration_int8.pt"), "d", "1",
                    DjlModelRunnerTest.LABELS, 3, 256)) {
                SimulatedDataset data = new SimulatedDataset(5, 400, 256);
                PostProcessor post = new PostProcessor(DjlModelRunnerTest.LABELS);
                int correct = 0;
                for (int i = 0; i < 40; i++) {
                    SimulatedDataset.LabelledWindow lw = data.window(i);
                    float[] logits = m.predict(new Window(i, 0, 0, System.nanoTime(), 3, 256, lw.data())).logits();
                    correct += post.classify(logits).label().equals(lw.state().key()) ? 1 : 0;
                }
                assertThat(correct).isGreaterThanOrEqualTo(38);
            }
        } finally {
            q.use(before);
        }
        assertThat(q.current()).isEqualTo(before);
    }

    @Test
    void anEngineThisBuildLacksIsRefusedWithoutChangingAnything() {
        QuantizedEngine q = QuantizedEngine.ofLoadedLibtorch();
        Kind before = q.current();
        Optional<Kind> missing = Arrays.stream(Kind.values()).filter(k -> !q.supported().contains(k)).findFirst();
        assumeTrue(missing.isPresent(), "this build supports every engine " + q.supported() + " (the x86-64 one does); "
                + "the arm64 suite, ArmSmokeTest, checks the refusal of x86 there");
        assertThatThrownBy(() -> q.use(missing.get())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in this PyTorch build's");
        assertThat(q.current()).isEqualTo(before);
    }

    @Test
    void armGetsQnnpackUnlessToldOtherwise() {
        assertThat(QuantizedEngineChoice.wanted(null, "aarch64")).contains(Kind.QNNPACK);
        assertThat(QuantizedEngineChoice.wanted(null, "amd64")).isEmpty();
        assertThat(QuantizedEngineChoice.wanted("onednn", "aarch64")).contains(Kind.ONEDNN);
        assertThat(QuantizedEngineChoice.wanted("default", "aarch64")).isEmpty();
        assertThat(QuantizedEngineChoice.wanted("turbo", "aarch64")).isEmpty();
    }
}
