package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.data.Sha256;
import io.edgeinfer.pipeline.PostProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed demo manifests, read as the daemon and the bench read them. */
class ModelManifestTest {
    static final List<String> DAEMON_ORDER = List.of("normal", "imbalance", "misalignment", "bearing_fault");

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vibration_fp32", "vibration_int8"})
    void demoManifestsDescribeTheCommittedFiles(String name) throws Exception {
        Path pt = Path.of("models", name + ".pt");
        ModelManifest m = ModelManifest.besides(pt).orElseThrow();
        assertThat(m.file()).isEqualTo(Path.of("models", name + ".json"));
        assertThat(m.name()).isEqualTo(name);
        assertThat(m.labels()).isEqualTo(DAEMON_ORDER);
        assertThat(m.inputShape()).containsExactly(1L, 3L, 256L);
        assertThat(m.sha256()).isEqualTo(Sha256.hex(pt));
        assertThat(m.sizeBytes()).isEqualTo(Files.size(pt));
        assertThat(m.params()).isEqualTo(387 * 64 + 64 + 64 * 32 + 32 + 32 * 4 + 4);
        assertThat(m.macs()).isEqualTo(387 * 64 + 64 * 32 + 32 * 4);
        assertThat(m.quantizedBackend()).isEqualTo(name.endsWith("int8") ? "qnnpack" : null);
        assertThat(m.accuracy()).isGreaterThanOrEqualTo(0.98);
        assertThat(m.golden()).hasSize(4);
    }

    @Test
    void goldenSamplesReplayOnTheDaemonsOwnRunner() throws Exception {
        // The fp32 model: Python 1.13 and libtorch 2.3.1 agree within 2e-7 on it.
        ModelManifest m = ModelManifest.besides(Path.of("models/vibration_fp32.pt")).orElseThrow();
        try (DjlModelRunner r = DjlModelRunner.load(Path.of("models/vibration_fp32.pt"), "v", "1", m.labels(), 3,
                256)) {
            PostProcessor post = new PostProcessor(m.labels());
            for (ModelManifest.GoldenSample g : m.golden()) {
                float[] z = r.predict(new Window(0, 0, 0, System.nanoTime(), 3, 256, g.input())).logits();
                assertThat(post.classify(z).label()).isEqualTo(g.label());
                for (int i = 0; i < z.length; i++) {
                    assertThat(z[i]).isCloseTo(g.logits()[i], Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void noManifestIsEmptyAndTheJsonSitsBesideTheModel() throws Exception {
        assertThat(ModelManifest.besides(dir.resolve("m.pt"))).isEmpty();
        assertThat(ModelManifest.pathFor(Path.of("/a/b/model.v2.pt"))).isEqualTo(Path.of("/a/b/model.v2.json"));
    }

    @Test
    void aMinimalHandWrittenManifestIsEnough() throws Exception {
        Files.writeString(dir.resolve("m.json"), "{\"labels\": [\"on\", \"off\"], \"input\": {\"shape\": [1, 2, 64]}}");
        ModelManifest m = ModelManifest.besides(dir.resolve("m.pt")).orElseThrow();
        assertThat(m.labels()).containsExactly("on", "off");
        assertThat(m.sampleElements()).isEqualTo(128);
        assertThat(m.params()).isNull();
        assertThat(m.macs()).isNull();
        assertThat(m.golden()).isEmpty();
    }

    @Test
    void brokenManifestsAreRefusedNamingTheFileAndField() throws Exception {
        Path f = dir.resolve("m.json");
        Files.writeString(f, "{\"labels\": [], \"input\": {\"shape\": [1, 3]}}");
        assertThatThrownBy(() -> ModelManifest.read(f)).isInstanceOf(ManifestException.class).hasMessageContaining(
                "m.json: 'labels'");
        Files.writeString(f, "{\"labels\": [\"a\"], \"input\": {\"shape\": [1, 0]}}");
        assertThatThrownBy(() -> ModelManifest.read(f)).hasMessageContaining("'input.shape'");
        Files.writeString(f, "{\"labels\": [\"a\"], \"input\": {\"shape\": [1, 2], \"dtype\": \"int8\"}}");
        assertThatThrownBy(() -> ModelManifest.read(f)).hasMessageContaining("'input.dtype' must be float32");
        Files.writeString(f,
                "{\"labels\": [\"a\"], \"input\": {\"shape\": [1, 2]}, \"golden\": [{\"input_f32le_base64\": \"AAAAAA==\"}]}");
        assertThatThrownBy(() -> ModelManifest.read(f)).hasMessageContaining(
                "a golden input has 1 values, the input shape [1, 2] needs 2");
        Files.writeString(f, "[1, 2");
        assertThatThrownBy(() -> ModelManifest.read(f)).hasMessageContaining("is not readable JSON (line 1");
    }
}
