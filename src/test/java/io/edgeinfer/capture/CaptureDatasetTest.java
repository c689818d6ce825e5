package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.outbox.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capture dataset}: a labelling sheet with the model's guesses, then a dataset of the confirmed rows. */
class CaptureDatasetTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Predictions.T0_MS);

    /**
     * Kept by the real capture thread (window {@code from + i} with {@code scores[i]}), then exported as a
     * stick or a pull lays them out; returns the ids of everything kept so far.
     */
    private List<String> keep(int from, double[]... scores) throws Exception {
        try (PipelineCapture capture = Captures.of(dir.resolve("capture"), clock, Map.of("min_confidence", 0.8))) {
            capture.start();
            int before = capture.store().items();
            for (int i = 0; i < scores.length; i++) {
                capture.observer().inferred(Predictions.of(from + i, scores[i]));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> capture.store().items() == before + scores.length);
            CaptureExport.export(dir.resolve("capture"), pulled(), false);
            return capture.store().list(null, 100).stream().map(CaptureStore.Entry::id).toList();
        }
    }

    private List<String> keepThree() throws Exception {
        return keep(0, new double[]{0.5, 0.3, 0.1, 0.1}, new double[]{0.2, 0.6, 0.1, 0.1},
                new double[]{0.1, 0.2, 0.3, 0.4});
    }

    private Path pulled() {
        return dir.resolve("pulled/dev-1/main");
    }

    /** Builds once, then edits sheet row {@code row} (1 is the first item) as a user would. */
    private void buildAndEdit(int row, String from, String to) throws Exception {
        build();
        List<String> lines = new ArrayList<>(sheetLines());
        lines.set(row, lines.get(row).replace(from, to));
        writeSheet(lines);
    }

    private Path sheet() {
        return dir.resolve("ds").resolve(LabelSheet.FILE);
    }

    private List<String> sheetLines() throws Exception {
        return Files.readAllLines(sheet());
    }

    private void writeSheet(List<String> lines) throws Exception {
        Files.write(sheet(), lines, StandardCharsets.UTF_8);
    }

    private CaptureDataset.Result build() throws Exception {
        return CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"));
    }

    @Test
    void theFirstRunWritesTheGuessesUnconfirmedAndNoDataset() throws Exception {
        List<String> ids = keepThree();
        CaptureDataset.Result r = build();
        assertThat(r).isEqualTo(new CaptureDataset.Result(3, 3, 0, null, 0, null));
        assertThat(sheetLines()).containsExactly(LabelSheet.HEADER,
                ids.get(0) + ",normal,no,normal,0.5000,low_confidence,dev-1,main,vibration-mlp@1.0.0",
                ids.get(1) + ",imbalance,no,imbalance,0.6000,low_confidence,dev-1,main,vibration-mlp@1.0.0",
                ids.get(2) + ",bearing_fault,no,bearing_fault,0.4000,low_confidence,dev-1,main,vibration-mlp@1.0.0");
        assertThat(dir.resolve("ds/windows.csv")).doesNotExist();
    }

    @Test
    void confirmedRowsBecomeCsvWindowsWithTheUsersLabelAndTheExactValues() throws Exception {
        List<String> ids = keepThree();
        buildAndEdit(1, ",normal,no,", ",misalignment,yes,");
        buildAndEdit(3, ",no,", ",yes,");

        CaptureDataset.Result r = build();
        assertThat(r.confirmed()).isEqualTo(2);
        assertThat(r.added()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("ds/windows.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).startsWith("label,x_0,x_1,").contains(",x_7,y_0,").endsWith(",z_7");
        float[] first = CaptureItem.read(Files.readAllBytes(pulled().resolve(ids.get(0) + ".json")), ids.get(0))
                .input().floats();
        String[] cells = csv.get(1).split(",");
        assertThat(cells[0]).isEqualTo("misalignment");
        assertThat(cells).hasSize(1 + 24);
        for (int i = 0; i < first.length; i++) {
            assertThat(Float.parseFloat(cells[i + 1])).isEqualTo(first[i]);
        }
        assertThat(csv.get(2)).startsWith("bearing_fault,2.0");
        // the user's columns survive the rebuild; the unconfirmed row stays, unconfirmed
        assertThat(sheetLines().get(1)).startsWith(ids.get(0) + ",misalignment,yes,normal,");
        assertThat(sheetLines().get(2)).startsWith(ids.get(1) + ",imbalance,no,");
    }

    @Test
    void itemsOfAPipelineWithoutAClassifierStartWithAnEmptyLabelAndBecomeRowsOnceLabelled() throws Exception {
        List<String> ids;
        try (PipelineCapture capture = Captures.of(dir.resolve("capture"), clock, Map.of())) {
            capture.start();
            capture.trigger().keep("anomaly", Predictions.withoutClassifier(0), Map.of("score", 9.0));
            capture.trigger().keep("anomaly", Predictions.withoutClassifier(1), Map.of("score", 8.0));
            await().atMost(Duration.ofSeconds(10)).until(() -> capture.store().items() == 2);
            CaptureExport.export(dir.resolve("capture"), pulled(), false);
            ids = capture.store().list(null, 100).stream().map(CaptureStore.Entry::id).toList();
        }
        assertThat(build()).isEqualTo(new CaptureDataset.Result(2, 2, 0, null, 0, null));
        assertThat(sheetLines()).containsExactly(LabelSheet.HEADER, ids.get(0) + ",,no,,,anomaly,dev-1,main,",
                ids.get(1) + ",,no,,,anomaly,dev-1,main,");

        buildAndEdit(2, ",,no,", ",bearing_fault,yes,");
        CaptureDataset.Result r = build();
        assertThat(r.confirmed()).isEqualTo(1);
        List<String> csv = Files.readAllLines(dir.resolve("ds/windows.csv"));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1)).startsWith("bearing_fault,1.0");
    }

    @Test
    void newItemsAreAddedUnconfirmedBesideTheLabelledOnes() throws Exception {
        keepThree();
        buildAndEdit(1, ",no,", ",yes,");
        keep(9, new double[]{0.1, 0.1, 0.7, 0.1});

        CaptureDataset.Result r = build();
        assertThat(r).isEqualTo(new CaptureDataset.Result(4, 1, 1, dir.resolve("ds/windows.csv"), 0, null));
        assertThat(sheetLines()).hasSize(5);
        assertThat(sheetLines().get(1)).contains(",normal,yes,");
        assertThat(sheetLines().get(4)).contains(",misalignment,no,misalignment,0.7000,");
    }

    /** Every sheet row confirmed with the model's guess. */
    private void confirmAll() throws Exception {
        build();
        List<String> lines = new ArrayList<>(sheetLines());
        for (int i = 1; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replace(",no,", ",yes,"));
        }
        writeSheet(lines);
    }

    private static List<String> labels(List<String> csv) {
        return csv.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).sorted().toList();
    }

    @Test
    void aHoldoutKeepsEachLabelsShareOutOfTrainingAndSplitsTheSameWayOnEveryRun() throws Exception {
        double[] normal = {0.6, 0.2, 0.1, 0.1};
        double[] imbalance = {0.2, 0.6, 0.1, 0.1};
        double[] bearing = {0.1, 0.1, 0.1, 0.7};
        keep(0, normal, normal, normal, normal, normal, normal, imbalance, imbalance, imbalance, imbalance, bearing);
        confirmAll();

        CaptureDataset.Result r = CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"), 0.5);
        assertThat(r).isEqualTo(new CaptureDataset.Result(11, 0, 6, dir.resolve("ds/windows.csv"), 5, dir.resolve(
                "ds/test.csv")));
        List<String> train = Files.readAllLines(dir.resolve("ds/windows.csv"));
        List<String> test = Files.readAllLines(dir.resolve("ds/test.csv"));
        assertThat(test.get(0)).as("the same columns").isEqualTo(train.get(0));
        assertThat(labels(test)).as("half of each label; the only bearing_fault stays in training")
                .containsExactly("imbalance", "imbalance", "normal", "normal", "normal");
        assertThat(labels(train)).containsExactly("bearing_fault", "imbalance", "imbalance", "normal", "normal",
                "normal");
        assertThat(train.subList(1, train.size())).doesNotContainAnyElementsOf(test.subList(1, test.size()));

        CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"), 0.5);
        assertThat(Files.readAllLines(dir.resolve("ds/test.csv"))).as("the same split again").isEqualTo(test);
        assertThat(Files.readAllLines(dir.resolve("ds/windows.csv"))).isEqualTo(train);

        CaptureDataset.Result none = build();
        assertThat(none.confirmed()).isEqualTo(11);
        assertThat(none.test()).isNull();
        assertThat(dir.resolve("ds/test.csv")).as("no stale test set beside the new dataset").doesNotExist();
    }

    @Test
    void aHoldoutOutsideZeroToBelowOneIsRefusedNamingItBeforeAnythingIsWritten() throws Exception {
        keepThree();
        for (double bad : new double[]{1, -0.01, Double.NaN, 2}) {
            assertThatThrownBy(() -> CaptureDataset.build(dir.resolve("pulled"), dir.resolve("ds"), bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--holdout")
                    .hasMessageContaining(String.valueOf(bad));
        }
        assertThat(dir.resolve("ds")).doesNotExist();
    }

    @Test
    void badRowsAreAllNamedAndNothingIsWritten() throws Exception {
        List<String> ids = keepThree();
        buildAndEdit(1, ",normal,no,", ",../etc,yes,");
        List<String> lines = new ArrayList<>(sheetLines());
        lines.set(2, lines.get(2).replace(",no,", ",maybe,"));
        lines.add("1767225600000-0000beef,normal,yes");
        writeSheet(lines);
        byte[] before = Files.readAllBytes(sheet());

        assertThatThrownBy(this::build).isInstanceOfSatisfying(CaptureDatasetException.class, e -> assertThat(e
                .problems()).containsExactly(
                        sheet() + ":2: label '../etc' is not 1-64 of A-Z a-z 0-9 _ . - (starting with a letter or digit)",
                        sheet() + ":3: confirmed must be yes or no, not 'maybe'",
                        sheet() + ": item 1767225600000-0000beef is not under " + dir.resolve("pulled")
                                + " (moved or deleted? remove its row)"));
        assertThat(Files.readAllBytes(sheet())).isEqualTo(before);
        assertThat(dir.resolve("ds/windows.csv")).doesNotExist();
        assertThat(ids).hasSize(3);
    }

    @Test
    void aDamagedItemIsNamedAndNothingIsWritten() throws Exception {
        List<String> ids = keepThree();
        Path item = pulled().resolve(ids.get(1) + ".json");
        String text = Files.readString(item);
        Files.writeString(item, text.replace("\"seq\":1", "\"seq\":7").replace("\"data\":\"", "\"data\":\"AAAA"));

        assertThatThrownBy(this::build).isInstanceOfSatisfying(CaptureDatasetException.class, e -> assertThat(e
                .problems()).containsExactly(item + ": input does not match its sha256 (the file changed after it was"
                        + " written)"));
        assertThat(sheet()).doesNotExist();
    }

    @Test
    void aFolderWithoutItemsIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("pulled"));
        assertThatThrownBy(this::build).isInstanceOf(CaptureDatasetException.class).hasMessageContaining(
                "holds no capture items");
    }
}
