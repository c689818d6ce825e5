package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.camera.ImageDecoder;
import io.edgeinfer.camera.ImagePreprocessor;
import io.edgeinfer.camera.Recorded;
import io.edgeinfer.pipeline.PostProcessor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed demo CNN, fp32 and int8, on the recorded camera frames through the camera's own preprocessing. */
class ShapesModelTest {
    static final List<String> LABELS = List.of("empty", "hex_nut", "square_plate", "triangle_bracket", "washer");

    @BeforeAll
    static void engine() {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
    }

    private static DjlModelRunner load(String file, List<String> labels) throws ModelLoadException {
        return DjlModelRunner.load(Path.of("models", file), "parts", "1", labels, new int[]{3, 64, 64}, "image");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shapes_fp32.pt", "shapes_int8.pt"})
    void recordedCameraFramesAreClassifiedAsTheirParts(String file) throws Exception {
        List<byte[]> frames = Recorded.frames();
        List<String> labels = Recorded.labels();
        ImageDecoder decoder = new ImageDecoder();
        ImagePreprocessor pre = new ImagePreprocessor(Recorded.IMAGE);
        PostProcessor post = new PostProcessor(LABELS);
        int right = 0;
        try (DjlModelRunner m = load(file, LABELS)) {
            for (int i = 0; i < frames.size(); i++) {
                float[] x = pre.toTensor(decoder.decode(frames.get(i)));
                ModelOutput out = m.predict(Window.image(i, 0, System.nanoTime(), 3, 64, 64, x, null));
                right += post.classify(out.logits()).label().equals(labels.get(i)) ? 1 : 0;
            }
        }
        assertThat(right).as("of %d frames", frames.size()).isGreaterThanOrEqualTo(18);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shapes_fp32.pt", "shapes_int8.pt"})
    void aLabelListOfTheWrongLengthIsRefused(String file) {
        assertThatThrownBy(() -> load(file, LABELS.subList(0, 4)))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.key()).isEqualTo("model.labels"))
                .hasMessageContaining("model has 5 outputs but 4 labels");
    }

    @Test
    void aVibrationModelConfiguredForImagesIsRefusedNamingTheImageKeys() {
        assertThatThrownBy(() -> DjlModelRunner.load(Path.of("models", "vibration_int8.pt"), "v", "1",
                List.of("normal", "imbalance", "misalignment", "bearing_fault"), new int[]{3, 64, 64},
                "3 x source.image.height x source.image.width"))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.key()).isEqualTo("model.path"))
                .hasMessageContaining(
                        "rejects input of shape [1, 3, 64, 64] (3 x source.image.height x source.image.width)");
    }
}
