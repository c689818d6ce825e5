package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.config.ImageConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The item format: what is kept of a window, read back exactly, and damage told apart from a good item. */
class CaptureItemTest {
    private final ItemFactory factory = new ItemFactory("dev-1", "main", "boot", new InputShape(List.of("x", "y", "z"),
            null));

    private CaptureItem item() throws Exception {
        return factory.make("1767225600003-0000002a", new Intake.Candidate(Predictions.of(3, 0.4, 0.35, 0.2, 0.05),
                List.of(new CaptureItem.Reason("low_confidence", Map.of()))));
    }

    @Test
    void anItemKeepsTheWindowExactlyWithEveryScoreTheModelAndTheReason() throws Exception {
        CaptureItem read = CaptureItem.read(item().encode(), "1767225600003-0000002a");
        assertThat(read.input().floats()).containsExactly(Predictions.of(3, 1, 0, 0, 0).window().data());
        assertThat(read.input().shape()).containsExactly(3, 8);
        assertThat(read.input().channels()).containsExactly("x", "y", "z");
        assertThat(read.prediction().label()).isEqualTo("normal");
        assertThat(read.prediction().margin()).isCloseTo(0.05, Offset.offset(1e-9));
        assertThat(read.labels()).isEqualTo(Predictions.LABELS);
        assertThat(read.model().sha256()).isEqualTo("ab".repeat(32));
        assertThat(read.reasonNames()).isEqualTo("low_confidence");
        assertThat(read.tsMs()).isEqualTo(Predictions.T0_MS + 3000);
        assertThat(read.deviceId()).isEqualTo("dev-1");
    }

    @Test
    void anItemOfAPipelineWithoutAClassifierHasNoPredictionNorModelButItsWindowAndAnomalyFigures() throws Exception {
        Map<String, Object> figures = Map.of("score", 9.0, "threshold", 5.0, "top_features", List.of("z.env_bpfo"));
        CaptureItem made = factory.make("1767225600004-0000002b", new Intake.Candidate(Predictions.withoutClassifier(4),
                List.of(new CaptureItem.Reason("anomaly", figures))));
        String json = new String(made.encode(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"prediction\":null").contains("\"model\":null");

        CaptureItem read = CaptureItem.read(made.encode(), "1767225600004-0000002b");
        assertThat(read.prediction()).isNull();
        assertThat(read.model()).isNull();
        assertThat(read.guess()).isNull();
        assertThat(read.labels()).isEmpty();
        assertThat(read.input().floats()).containsExactly(Predictions.withoutClassifier(4).window().data());
        assertThat(read.tsMs()).isEqualTo(Predictions.T0_MS + 4000);
        assertThat(read.reasonNames()).isEqualTo("anomaly");
        assertThat(read.reasons().get(0).detail()).containsEntry("score", 9.0).containsEntry("threshold", 5.0)
                .containsEntry("top_features", List.of("z.env_bpfo"));
    }

    @Test
    void anItemWithAModelButNoPredictionOrTheOtherWayIsDamaged() throws Exception {
        String good = new String(item().encode(), StandardCharsets.UTF_8);
        String noPrediction = good.replaceFirst("\"prediction\":\\{[^}]*\\}\\}", "\"prediction\":null");
        assertThat(noPrediction).isNotEqualTo(good);
        assertThatThrownBy(() -> CaptureItem.read(noPrediction.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(DamagedItemException.class).hasMessageContaining("prediction or model missing");
        String noModel = good.replaceFirst("\"model\":\\{[^}]*\\}", "\"model\":null");
        assertThat(noModel).isNotEqualTo(good);
        assertThatThrownBy(() -> CaptureItem.read(noModel.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(DamagedItemException.class).hasMessageContaining("prediction or model missing");
    }

    @Test
    void aChangedTruncatedOrForeignFileIsDamagedAndSaysHow() throws Exception {
        String good = new String(item().encode(), StandardCharsets.UTF_8);
        String flipped = good.replaceFirst("\"data\":\"(.)", "\"data\":\"" + (good.contains("\"data\":\"A")
                ? "B"
                : "A"));
        assertThatThrownBy(() -> CaptureItem.read(flipped.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(DamagedItemException.class).hasMessageContaining("does not match its sha256");
        assertThatThrownBy(() -> CaptureItem.read(good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8),
                null))
                .isInstanceOf(DamagedItemException.class).hasMessageStartingWith("not a capture item");
        assertThatThrownBy(() -> CaptureItem.read(good.getBytes(StandardCharsets.UTF_8), "1767225600003-00000000"))
                .isInstanceOf(DamagedItemException.class).hasMessageContaining("names itself '1767225600003-0000002a'");
        assertThatThrownBy(() -> CaptureItem.read("{\"format\":\"other/1\"}".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(DamagedItemException.class).hasMessageContaining("format is 'other/1'");
    }

    @Test
    void aCameraFrameIsKeptAsTheJpegTheModelSawWithItsNormalisationUndone() throws Exception {
        ImageConfig image = new ImageConfig(4, 2, 4, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25));
        float[] data = new float[3 * 2 * 4];
        Arrays.fill(data, 0, 8, 2f); // red: (2 * 0.25 + 0.5) * 255 = 255
        Arrays.fill(data, 8, 24, -2f); // green and blue: 0
        byte[] jpeg = FrameJpeg.encode(data, 2, 4, image);
        var img = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(img.getWidth()).isEqualTo(4);
        assertThat(img.getHeight()).isEqualTo(2);
        int rgb = img.getRGB(1, 1);
        assertThat((rgb >> 16) & 0xFF).isGreaterThan(240);
        assertThat(rgb & 0xFFFF).isLessThan(0x1010);
        CaptureItem.Input in = CaptureItem.Input.image(new int[]{3, 2, 4}, jpeg);
        assertThat(in.isImage()).isTrue();
        assertThat(in.bytes()).isEqualTo(jpeg);
    }
}
