package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeinfer.capture.CaptureDataset;
import io.edgeinfer.capture.CaptureItem;
import io.edgeinfer.mqtt.ModelRef;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datasets {@code capture dataset} writes are read, unchanged, by {@code bench --data} and by the
 * compression pipeline's loader ({@code edgecompress.data.load}, run in /usr/bin/python3).
 */
class CaptureDatasetDataTest {
    private static final List<String> LABELS = List.of("normal", "imbalance");

    @TempDir
    Path dir;

    private static CaptureItem item(int n, CaptureItem.Input input) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("normal", 0.55);
        scores.put("imbalance", 0.45);
        return new CaptureItem(CaptureItem.FORMAT, "17672256%05d-0000abcd".formatted(n), "dev-1", "main", "boot-1", n,
                1_767_225_600_000L + n, 1_767_225_600_000L + n - 640, List.of(new CaptureItem.Reason("low_margin",
                        null)), new CaptureItem.Answer("normal", 0.55, 0.1, scores), new ModelRef("m", "1", "ab"),
                List.of(), null, input);
    }

    private void write(CaptureItem item) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pulled/dev-1/main"));
        Files.write(folder.resolve(item.id() + ".json"), item.encode());
    }

    /** Confirms every row, the odd ones relabelled {@code imbalance}. */
    private CaptureDataset.Result labelAndRebuild() throws Exception {
        CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"));
        Path sheet = dir.resolve("ds/labels.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(sheet));
        for (int i = 1; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replace(",normal,no,", i % 2 == 1 ? ",imbalance,yes," : ",normal,yes,"));
        }
        Files.write(sheet, lines, StandardCharsets.UTF_8);
        return CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"));
    }

    @Test
    void windowsBecomeACsvBothReadersTake() throws Exception {
        for (int n = 0; n < 4; n++) {
            float[] x = new float[3 * 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = n * 0.1f + i / 3f - 1e-7f * i;
            }
            write(item(n, CaptureItem.Input.window(new int[]{3, 5}, List.of("x", "y", "z"), x)));
        }
        CaptureDataset.Result r = labelAndRebuild();
        assertThat(r.confirmed()).isEqualTo(4);

        EvalData data = CsvData.load(r.dataset());
        assertThat(data.sampleShape()).containsExactly(3L, 5L);
        assertThat(data.samples()).extracting(EvalData.Sample::label).containsExactly("imbalance", "normal",
                "imbalance", "normal");
        assertThat(data.samples().get(2).data()[7]).isEqualTo(2 * 0.1f + 7 / 3f - 1e-7f * 7);
        assertThat(python(r.dataset())).isEqualTo("4 [4, 3, 5] ['normal', 'imbalance'] [1, 0, 1, 0]");

        CaptureDataset.Result split = CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"), 0.5);
        assertThat(split.test()).isEqualTo(dir.resolve("ds/test.csv"));
        EvalData test = CsvData.load(split.test());
        assertThat(test.sampleShape()).containsExactly(3L, 5L);
        assertThat(test.samples()).extracting(EvalData.Sample::label).containsExactlyInAnyOrder("imbalance",
                "normal");
        assertThat(CsvData.load(split.dataset()).samples()).hasSize(2);
    }

    @Test
    void framesBecomeAnImageFolderBothReadersTake() throws Exception {
        for (int n = 0; n < 3; n++) {
            BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
            img.setRGB(n, 1, 0xFF8040);
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", jpeg);
            write(item(n, CaptureItem.Input.image(new int[]{3, 4, 6}, jpeg.toByteArray())));
        }
        CaptureDataset.Result r = labelAndRebuild();
        assertThat(r.dataset()).isEqualTo(dir.resolve("ds/images"));
        assertThat(dir.resolve("ds/images/imbalance/1767225600000-0000abcd.jpg")).exists();

        EvalData data = ImageFolderData.load(r.dataset());
        assertThat(data.sampleShape()).containsExactly(3L, 4L, 6L);
        assertThat(data.labels()).containsExactlyInAnyOrderElementsOf(LABELS);
        assertThat(data.samples()).hasSize(3);
        assertThat(python(r.dataset())).isEqualTo("3 [3, 3, 4, 6] ['normal', 'imbalance'] [1, 1, 0]");

        // relabelled: the frame moves to its new folder, none stays in the old one
        Path sheet = dir.resolve("ds/labels.csv");
        Files.writeString(sheet, Files.readString(sheet).replace(",imbalance,yes,", ",normal,yes,"));
        CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"));
        assertThat(dir.resolve("ds/images/imbalance")).doesNotExist();
        assertThat(dir.resolve("ds/images/normal").toFile().list()).hasSize(3);

        CaptureDataset.Result split = CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"), 0.34);
        assertThat(split.test()).isEqualTo(dir.resolve("ds/test"));
        assertThat(ImageFolderData.load(split.test()).samples()).hasSize(1);
        assertThat(ImageFolderData.load(split.dataset()).samples()).hasSize(2);
    }

    /** What edgecompress.data.load makes of the dataset: count, tensor shape, label order, targets. */
    private static String python(Path dataset) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 with torch");
        String script = "import sys; sys.path.insert(0, 'models/python')\n"
                + "from edgecompress import data\n"
                + "d = data.load(sys.argv[1], labels=['normal', 'imbalance'])\n"
                + "print(len(d.y), list(d.x.shape), d.labels, d.y.tolist())";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, dataset.toString()).redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().reduce((a, b) -> b).orElse("");
    }
}
