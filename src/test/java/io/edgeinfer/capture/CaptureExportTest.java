package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.outbox.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capture export}: whole, checked items onto a stick; deleted from the device only once copied. */
class CaptureExportTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Predictions.T0_MS);
    private PipelineCapture capture;

    @AfterEach
    void close() {
        if (capture != null) {
            capture.close();
        }
    }

    private List<CaptureStore.Entry> threeItems() throws Exception {
        capture = Captures.of(dir.resolve("capture"), clock, Map.of("min_confidence", 0.8));
        capture.start();
        for (int i = 0; i < 3; i++) {
            capture.observer().inferred(Predictions.of(i, 0.5, 0.5, 0, 0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.store().items() == 3);
        return capture.store().list(null, 10);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void itemsAreCopiedWholeAndLeaveTheDeviceOnlyWithDelete() throws Exception {
        List<CaptureStore.Entry> items = threeItems();
        Path stick = dir.resolve("stick");
        CaptureExport.Result first = CaptureExport.export(dir.resolve("capture"), stick, false);
        assertThat(first).isEqualTo(new CaptureExport.Result(3, 0, 0, List.of()));
        assertThat(names(stick)).containsExactlyElementsOf(items.stream().map(e -> e.id() + ".json").toList());
        for (CaptureStore.Entry e : items) {
            assertThat(Files.readAllBytes(stick.resolve(e.id() + ".json"))).isEqualTo(capture.store().read(e.id()));
        }
        CaptureExport.Result again = CaptureExport.export(dir.resolve("capture"), stick, true);
        assertThat(again).isEqualTo(new CaptureExport.Result(0, 3, 3, List.of()));
        assertThat(CaptureStore.existing(dir.resolve("capture")).items()).isZero();
        assertThat(names(stick)).hasSize(3);
    }

    @Test
    void aDamagedItemIsNamedAndLeftTheOthersAreCopied() throws Exception {
        List<CaptureStore.Entry> items = threeItems();
        Path bad = capture.store().itemsDir().resolve(items.get(1).id() + ".json");
        Files.writeString(bad, "{\"format\":\"edgeinfer-capture/1\",\"id\":\"" + items.get(1).id() + "\"");
        CaptureExport.Result r = CaptureExport.export(dir.resolve("capture"), dir.resolve("stick"), true);
        assertThat(r.copied()).isEqualTo(2);
        assertThat(r.damaged()).singleElement().asString().startsWith(items.get(1).id() + " (not a capture item");
        assertThat(names(dir.resolve("stick"))).doesNotContain(items.get(1).id() + ".json");
        assertThat(Files.exists(bad)).as("left for the daemon to count and remove").isTrue();
    }

    @Test
    void aStickThatCannotBeWrittenStopsTheExportAndNothingLeavesTheDevice() throws Exception {
        List<CaptureStore.Entry> items = threeItems();
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Files.createDirectories(stick.resolve(items.get(0).id() + ".json.part")); // a write there fails
        assertThatThrownBy(() -> CaptureExport.export(dir.resolve("capture"), stick, true)).isInstanceOf(
                IOException.class)
                .hasMessageContaining("item " + items.get(0).id() + " cannot be written to " + stick);
        assertThat(CaptureStore.existing(dir.resolve("capture")).items()).isEqualTo(3);
        assertThat(names(stick)).as("no partial item is left").isEmpty();
    }

    @Test
    void aFolderWithoutAStoreIsSaid() {
        assertThatThrownBy(() -> CaptureExport.export(dir.resolve("nothing"), dir.resolve("stick"), false))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("no capture store");
    }
}
