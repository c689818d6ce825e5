package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.model.ModelManifest;
import io.edgeinfer.mqtt.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenSamplesTest {
    private static final List<String> LABELS = List.of("a", "b", "c");

    @TempDir
    Path dir;

    private static List<GoldenSamples.Sample> parse(String json) throws Exception {
        return GoldenSamples.parse(Json.mapper().readTree(json), LABELS, 4, "golden");
    }

    @Test
    void bothSpellingsNestedInputsAndLabelIndexesAreRead() throws Exception {
        List<GoldenSamples.Sample> list = parse(
                "[{\"input\": [[1, 2], [3, 4]], \"label\": \"b\"}, {\"x\": [5, 6, 7, 8], \"y\": 2}]");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).input()).containsExactly(1, 2, 3, 4);
        assertThat(list.get(0).label()).isEqualTo("b");
        assertThat(list.get(1).label()).isEqualTo("c");
        List<GoldenSamples.Sample> columns = parse("{\"inputs\": [[[0, 0, 0, 1]]], \"labels\": [\"a\"]}");
        assertThat(columns.get(0).input()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void theCompressionPipelinesLittleEndianFloatsAreRead() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(1.5f).putFloat(-2f).putFloat(0f).putFloat(3.25f);
        String b64 = Base64.getEncoder().encodeToString(b.array());
        List<GoldenSamples.Sample> list = parse("[{\"label\": \"c\", \"input_f32le_base64\": \"" + b64
                + "\", \"logits\": [0.1, 0.2, 0.9]}]");
        assertThat(list.get(0).input()).containsExactly(1.5f, -2f, 0f, 3.25f);
        assertThat(list.get(0).label()).isEqualTo("c");
        assertThatThrownBy(() -> parse("[{\"label\": \"c\", \"input_f32le_base64\": \"AAAAAA==\"}]"))
                .hasMessageContaining("input has 1 values");
        assertThatThrownBy(() -> parse("[{\"label\": \"c\", \"input_f32le_base64\": \"AAAA\"}]"))
                .hasMessageContaining("not a whole number of float32 values");
    }

    @Test
    void badSamplesAreNamed() {
        assertThatThrownBy(() -> parse("[{\"input\": [1, 2, 3], \"label\": \"a\"}]"))
                .hasMessage(
                        "golden[0] input has 3 values; the pipeline's windows have 4 (the product of the input dims: "
                                + "channels x window.size, or 3 x height x width)");
        assertThatThrownBy(() -> parse("[{\"input\": [1, 2, 3, 4], \"label\": \"z\"}]"))
                .hasMessage("golden[0] label \"z\" is not one of [a, b, c]");
        assertThatThrownBy(() -> parse("[{\"input\": [1, 2, 3, 4], \"label\": 7}]")).hasMessageContaining(
                "outside 0-2");
        assertThatThrownBy(() -> parse("[{\"input\": [1, \"x\", 3, 4], \"label\": \"a\"}]")).hasMessageContaining(
                "numbers only");
        assertThatThrownBy(() -> parse("{\"inputs\": [[1, 2, 3, 4]], \"labels\": []}")).hasMessageContaining(
                "same length");
        assertThatThrownBy(() -> parse("3")).hasMessageContaining("must be a list");
    }

    @Test
    void aPipelineManifestsGoldenSamplesAreCheckedAgainstThePipeline() throws Exception {
        Path model = Files.writeString(dir.resolve("net.pt"), "x");
        assertThat(ModelManifest.besides(model)).isEmpty();
        String one = b64(1, 2, 3, 4);
        Files.writeString(dir.resolve("net.json"), "{\"name\": \"net\", \"labels\": [\"a\", \"b\", \"c\"], "
                + "\"input\": {\"shape\": [1, 2, 2]}, \"golden\": [{\"input_f32le_base64\": \"" + one
                + "\", \"label\": \"b\"}]}");
        ModelManifest m = ModelManifest.besides(model).orElseThrow();
        List<GoldenSamples.Sample> list = GoldenSamples.fromManifest(m.golden(), m.labels(), 4, "manifest golden");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).input()).containsExactly(1, 2, 3, 4);
        assertThat(list.get(0).label()).isEqualTo("b");
        assertThatThrownBy(() -> GoldenSamples.fromManifest(m.golden(), m.labels(), 6, "manifest golden"))
                .hasMessage("manifest golden[0] input has 4 values; the pipeline's inputs have 6");
        assertThatThrownBy(() -> GoldenSamples.fromManifest(m.golden(), List.of("x", "y"), 4, "manifest golden"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("bad_golden"))
                .hasMessageContaining("\"b\" is not one of [x, y]");
    }

    private static String b64(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }
}
