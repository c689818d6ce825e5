package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.model.DjlEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real DJL on the committed tiny models (src/test/resources/bench, made by make_tiny.py): on
 * tiny.csv the arg-max model is right on rows 1-7 and the arg-min one on rows 8-9, so the expected
 * figures below are worked out by hand, not read back from the code under test.
 */
class ModelBenchTest {
    static final Path DIR = Path.of("src/test/resources/bench");
    static final Path ARGMAX = DIR.resolve("tiny_argmax.pt");
    static final Path ARGMIN = DIR.resolve("tiny_argmin_int8.pt");
    static EvalData data;
    final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void engine() throws Exception {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
        data = EvalData.load(DIR.resolve("tiny.csv"));
    }

    private BenchRun run(List<String> labels, Path... models) {
        return new ModelBench(data, new BenchSettings(labels, 5, 25, 1, null), warnings::add).run(List.of(models),
                false);
    }

    @Test
    void twoTinyModelsGetHandCheckedAccuracySizesAndCounts() throws Exception {
        BenchRun run = run(null, ARGMAX, ARGMIN);
        ModelResult max = run.models().get(0);
        ModelResult min = run.models().get(1);
        assertThat(max.problem()).isNull();
        assertThat(max.name()).isEqualTo("tiny_argmax");
        assertThat(max.accuracy()).isCloseTo(0.7, within(1e-9));
        assertThat(max.perClass()).containsExactly(entry("a", 2 / 3.0), entry("b", 2 / 3.0), entry("c", 0.75));
        assertThat(max.sizeBytes()).isEqualTo(Files.size(ARGMAX));
        // Linear(3, 3): 9 weights (identity: 3 non-zero) + 3 zero biases; 9 MACs
        assertThat(List.of(max.params(), max.nonzeroParams(), max.macs())).containsExactly(12L, 3L, 9L);
        assertThat(max.paramsSource()).isEqualTo("manifest");
        assertThat(max.quantizedEngine()).isNull();
        assertThat(max.golden()).isEqualTo("3/3");

        assertThat(min.problem()).isNull();
        assertThat(min.accuracy()).isCloseTo(0.2, within(1e-9));
        assertThat(min.perClass()).containsEntry("a", 1 / 3.0).containsEntry("b", 1 / 3.0).containsEntry("c", 0.0);
        assertThat(min.sizeBytes()).isEqualTo(Files.size(ARGMIN));
        // Linear(3, 6) + Linear(6, 3): 18 + 6 + 18 + 3 parameters, 12 non-zero weights; 18 + 18 MACs
        assertThat(List.of(min.params(), min.nonzeroParams(), min.macs())).containsExactly(45L, 12L, 36L);
        assertThat(min.quantizedEngine()).isEqualTo("qnnpack");
        assertThat(min.golden()).as("golden samples are rows the model got right: only 8 and 9").isEqualTo("2/2");

        for (ModelResult r : run.models()) {
            assertThat(r.latency().count()).as("whole passes over 10 rows until >= 25").isEqualTo(30);
            assertThat(r.latency().p50()).isPositive().isLessThanOrEqualTo(r.latency().p99());
            assertThat(r.throughputPerS()).isPositive();
            assertThat(r.sha256()).hasSize(64);
            assertThat(r.energyPerInferenceMj()).isNull();
        }
        assertThat(run.samples()).isEqualTo(10);
        assertThat(run.inputShape()).containsExactly(1L, 3L, 4L);
        assertThat(run.quantizedEngines()).contains("qnnpack");
    }

    @Test
    void aModelWhoseInputDoesNotFitTheDataIsReportedAndTheOthersStillRun() {
        BenchRun run = run(null, Path.of("models/vibration_int8.pt"), ARGMAX);
        ModelResult vib = run.models().get(0);
        assertThat(vib.ok()).isFalse();
        assertThat(vib.problem()).isEqualTo("input [1, 3, 256] does not fit the data's [1, 3, 4]");
        assertThat(vib.latency()).isNull();
        assertThat(vib.params()).as("still known from its manifest").isEqualTo(27044L);
        assertThat(run.models().get(1).accuracy()).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void withoutAManifestWhatCanBeMeasuredIsStillMeasured(@TempDir Path dir) throws Exception {
        Path bare = Files.copy(ARGMAX, dir.resolve("bare.pt"));
        ModelResult r = run(null, bare).models().get(0);
        assertThat(r.problem()).isNull();
        assertThat(r.accuracy()).as("no labels, no accuracy").isNull();
        assertThat(r.macs()).isNull();
        assertThat(List.of(r.params(), r.nonzeroParams())).containsExactly(12L, 3L);
        assertThat(r.paramsSource()).isEqualTo("file");
        assertThat(r.latency().count()).isEqualTo(30);
        assertThat(r.notes()).anyMatch(n -> n.contains("no manifest") && n.contains("--labels"));

        ModelResult labelled = run(List.of("a", "b", "c"), bare).models().get(0);
        assertThat(labelled.accuracy()).isCloseTo(0.7, within(1e-9));

        ModelResult wrongCount = run(List.of("a", "b"), bare).models().get(0);
        assertThat(wrongCount.problem()).isEqualTo("has 3 outputs but 2 labels [a, b]");
    }

    @Test
    void aModelWithoutManifestThatRejectsTheInputIsReportedNotCrashedOn(@TempDir Path dir) throws Exception {
        Path vib = Files.copy(Path.of("models/vibration_fp32.pt"), dir.resolve("vib.pt"));
        ModelResult r = run(null, vib, ARGMAX).models().get(0);
        assertThat(r.problem()).startsWith("rejects input [1, 3, 4]: ");
        assertThat(r.sizeBytes()).isEqualTo(Files.size(vib));
    }

    @Test
    void aManifestForOtherBytesIsFlaggedAndACorruptOneIgnored(@TempDir Path dir) throws Exception {
        Path stale = Files.copy(ARGMAX, dir.resolve("stale.pt"));
        Files.copy(DIR.resolve("tiny_argmin_int8.json"), dir.resolve("stale.json"));
        assertThat(run(null, stale).models().get(0).notes()).contains(
                "manifest sha256 does not match the file (stale manifest?)");

        Path corrupt = Files.copy(ARGMAX, dir.resolve("corrupt.pt"));
        Files.writeString(dir.resolve("corrupt.json"), "{\"labels\": [");
        ModelResult r = run(List.of("a", "b", "c"), corrupt).models().get(0);
        assertThat(r.problem()).isNull();
        assertThat(r.notes()).anyMatch(n -> n.contains("corrupt.json is not readable JSON") && n.endsWith("; ignored"));
        assertThat(r.accuracy()).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void anInt8ModelCanBeRunOnAnotherEngineThanItsManifestNames() {
        ModelResult r = new ModelBench(data, new BenchSettings(null, 1, 10, 1, null, 1, "onednn"), warnings::add)
                .run(List.of(ARGMIN), false).models().get(0);
        assertThat(r.quantizedEngine()).isEqualTo("onednn");
        assertThat(r.notes()).contains("made for the qnnpack engine; run on onednn (--qengine)");
        assertThat(r.accuracy()).isCloseTo(0.2, within(1e-9));
        assertThatThrownBy(() -> new ModelBench(data, new BenchSettings(null, 1, 10, 1, null, 1, "tpu"), warnings::add)
                .run(List.of(ARGMIN), false)).hasMessageContaining("--qengine tpu: this libtorch has [qnnpack");
    }

    @Test
    void qnnpackWithSeveralThreadsIsWarnedAbout() {
        new ModelBench(data, new BenchSettings(null, 1, 10, 2, null), warnings::add).run(List.of(ARGMIN), false);
        assertThat(warnings).anyMatch(w -> w.contains("qnnpack with 2 intra-op threads") && w.contains("--threads 1"));
    }
}
