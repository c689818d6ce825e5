package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.sensor.SimulatedDataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real libtorch DJL loaded, driven through JNA; and the rule that gives each model its engine. */
class QuantizedEnginesTest {
    private static final List<String> X86_BUILD = List.of("qnnpack", "onednn", "x86", "fbgemm");
    static QuantizedEngines engines;

    @BeforeAll
    static void open() throws Exception {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
        engines = QuantizedEngines.open();
    }

    @Test
    void qnnpackIsAlwaysThereAndCanBeSelectedAndUndone() {
        assertThat(engines.supported()).contains("qnnpack").doesNotHaveDuplicates();
        String before = engines.current();
        assertThat(engines.supported()).contains(before);
        try {
            engines.set("qnnpack");
            assertThat(engines.current()).isEqualTo("qnnpack");
        } finally {
            engines.set(before);
        }
        assertThat(engines.current()).isEqualTo(before);
    }

    @Test
    void anEngineTheBuildLacksIsRefusedBeforeItCanAbortTheProcess() {
        assertThatThrownBy(() -> engines.set("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantized engine 'tpu' is not supported")
                .hasMessageContaining("qnnpack");
        assertThatThrownBy(() -> engines.set("none")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLibraryIsFoundAmongTheMappedFiles() throws Exception {
        assertThat(QuantizedEngines.loadedLibrary("libtorch_cpu.so").getFileName().toString()).isEqualTo(
                "libtorch_cpu.so");
        assertThatThrownBy(() -> QuantizedEngines.loadedLibrary("libnothing-here.so"))
                .hasMessageContaining("libnothing-here.so is not loaded");
    }

    @Test
    void theDemoInt8ModelIsLoadedOnItsManifestsEngineAndStillClassifies() throws Exception {
        QuantizedEngines q = QuantizedEngines.open();
        String before = q.current();
        try {
            q.set("x86".equals(before) ? "fbgemm" : "x86");
            Path file = Path.of("models/vibration_int8.pt");
            EngineChoice c = q.select(ModelManifest.besides(file).orElseThrow());
            assertThat(c.engine()).isEqualTo("qnnpack");
            assertThat(c.pins()).isTrue();
            q.use(c);
            assertThat(q.current()).isEqualTo("qnnpack");
            assertThat(q.pinned()).isEqualTo("qnnpack");
            try (DjlModelRunner m = DjlModelRunner.load(file, "d", "1", DjlModelRunnerTest.LABELS, 3, 256)) {
                assertThat(correctOf40(m)).isGreaterThanOrEqualTo(38);
            }
            // Pinned: a model made for x86 is refused, and nothing changes.
            EngineChoice other = q.select(manifestFor("x86"));
            assertThat(other.refused()).isTrue();
            assertThatThrownBy(() -> q.use(other)).isInstanceOf(IllegalArgumentException.class);
            assertThat(q.current()).isEqualTo("qnnpack");
            // The float model goes anywhere and pins nothing.
            EngineChoice fp32 = q.select(ModelManifest.besides(Path.of("models/vibration_fp32.pt")).orElseThrow());
            assertThat(fp32).isEqualTo(new EngineChoice("qnnpack", false, null, null));
        } finally {
            q.set(before);
        }
    }

    @Test
    void aFloatModelOrOneWithoutManifestRunsOnTheEngineInForce() {
        assertThat(QuantizedEngines.decide(null, null, X86_BUILD, "x86", null))
                .isEqualTo(new EngineChoice("x86", false, null, null));
        assertThat(QuantizedEngines.decide(null, null, X86_BUILD, "x86", "qnnpack"))
                .isEqualTo(new EngineChoice("x86", false, null, null));
    }

    @Test
    void anInt8ModelMadeForTheEngineInForcePinsIt() {
        assertThat(QuantizedEngines.decide("qnnpack", null, X86_BUILD, "qnnpack", null))
                .isEqualTo(new EngineChoice("qnnpack", true, null, null));
    }

    @Test
    void whileNoInt8ModelIsLoadedTheFirstOneSwitchesTheEngine() {
        EngineChoice c = QuantizedEngines.decide("qnnpack", null, X86_BUILD, "x86", null);
        assertThat(c.engine()).isEqualTo("qnnpack");
        assertThat(c.pins()).isTrue();
        assertThat(c.refused()).isFalse();
        assertThat(c.note()).contains("x86 -> qnnpack");
    }

    @Test
    void onceAnInt8ModelPinnedTheEngineAModelForAnotherIsRefused() {
        EngineChoice c = QuantizedEngines.decide("x86", null, X86_BUILD, "qnnpack", "qnnpack");
        assertThat(c.refused()).isTrue();
        assertThat(c.refusal()).contains("made for the x86 quantized engine", "runs int8 models on qnnpack", "restart");
    }

    @Test
    void aModelForAnEngineTheBuildLacksRunsOnTheEngineInForceWithANote() {
        EngineChoice c = QuantizedEngines.decide("x86", null, List.of("none", "qnnpack"), "qnnpack", "qnnpack");
        assertThat(c.engine()).isEqualTo("qnnpack");
        assertThat(c.refused()).isFalse();
        assertThat(c.pins()).isFalse();
        assertThat(c.note()).contains("which this libtorch lacks [qnnpack]");
    }

    @Test
    void theOperatorsOverrideWinsOverEveryManifest() {
        EngineChoice c = QuantizedEngines.decide("qnnpack", "x86", X86_BUILD, "x86", "x86");
        assertThat(c.engine()).isEqualTo("x86");
        assertThat(c.refused()).isFalse();
        assertThat(c.note()).contains("made for the qnnpack quantized engine; runs on x86 (-Dedgeinfer.qengine)");
    }

    @Test
    void armStartsOnQnnpackUnlessToldOtherwise() {
        assertThat(QuantizedEngineChoice.wanted(null, "aarch64")).contains("qnnpack");
        assertThat(QuantizedEngineChoice.wanted(null, "amd64")).isEmpty();
        assertThat(QuantizedEngineChoice.wanted("onednn", "aarch64")).contains("onednn");
        assertThat(QuantizedEngineChoice.wanted("ONEDNN", "aarch64")).contains("onednn");
        assertThat(QuantizedEngineChoice.wanted("default", "aarch64")).isEmpty();
        assertThat(QuantizedEngineChoice.wanted("turbo", "aarch64")).isEmpty();
    }

    private static ModelManifest manifestFor(String backend) {
        return new ModelManifest(Path.of("m.json"), "m", "1", List.of(1L, 3L, 256L), DjlModelRunnerTest.LABELS, null,
                null,
                null, null, null, null, backend, List.of());
    }

    private static int correctOf40(DjlModelRunner m) throws InferenceException {
        SimulatedDataset data = new SimulatedDataset(5, 400, 256);
        PostProcessor post = new PostProcessor(DjlModelRunnerTest.LABELS);
        int correct = 0;
        for (int i = 0; i < 40; i++) {
            SimulatedDataset.LabelledWindow lw = data.window(i);
            float[] logits = m.predict(new Window(i, 0, 0, System.nanoTime(), 3, 256, lw.data())).logits();
            correct += post.classify(logits).label().equals(lw.state().key()) ? 1 : 0;
        }
        return correct;
    }
}
