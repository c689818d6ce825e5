package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.mqtt.CaptureFigures;
import io.edgeinfer.outbox.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pipeline's capture from the inference thread's hand-off to the item on disk, and what goes wrong on the way. */
class PipelineCaptureTest {
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

    private CaptureStore store() throws IOException {
        return capture.store();
    }

    private List<CaptureItem> items() throws Exception {
        CaptureStore s = store();
        List<CaptureItem> out = new ArrayList<>();
        for (CaptureStore.Entry e : s.list(null, 1000)) {
            out.add(CaptureItem.read(s.read(e.id()), e.id()));
        }
        return out;
    }

    @Test
    void aWindowTheModelWasUnsureOfIsWrittenByTheCaptureThreadAConfidentOneIsNot() throws Exception {
        capture = Captures.of(dir, clock, Map.of("min_confidence", 0.8));
        capture.start();
        capture.observer().inferred(Predictions.sure(0, 1));
        capture.observer().inferred(Predictions.of(1, 0.5, 0.4, 0.05, 0.05));
        await().atMost(Duration.ofSeconds(10)).until(() -> store().items() == 1);
        CaptureItem item = items().get(0);
        assertThat(item.seq()).isEqualTo(1);
        assertThat(item.reasonNames()).isEqualTo("low_confidence");
        assertThat(item.pipeline()).isEqualTo("main");
        CaptureFigures f = capture.stats().figures();
        assertThat(f.keptTotal()).isEqualTo(1);
        assertThat(f.keptByReason()).containsEntry("low_confidence", 1L);
        assertThat(f.items()).isEqualTo(1);
        assertThat(f.state()).isEqualTo("ok");
    }

    @Test
    void whenTheCaptureThreadIsBehindChosenWindowsAreDroppedAndCountedNeverWaitedFor() throws Exception {
        capture = Captures.of(dir, clock, Map.of("min_confidence", 0.8, "queue", 2));
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) { // not started: nothing drains the queue
            capture.observer().inferred(Predictions.of(i, 0.5, 0.5, 0, 0));
        }
        assertThat(System.nanoTime() - t0).as("the inference thread never waits").isLessThan(1_000_000_000L);
        assertThat(capture.stats().figures().droppedTotal()).isEqualTo(3);
        capture.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> store().items() == 2);
    }

    @Test
    void eachReasonKeepsNoMoreThanItsRateLimit() throws Exception {
        capture = Captures.of(dir, clock, Map.of("min_confidence", 0.8, "rate_per_min", Map.of("low_confidence", 2)));
        capture.start();
        for (int i = 0; i < 5; i++) {
            capture.observer().inferred(Predictions.of(i, 0.5, 0.5, 0, 0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store().items() == 2);
        assertThat(capture.stats().figures().rateLimitedTotal()).isEqualTo(3);
    }

    @Test
    void aShadowModelThatDisagreesHasItsWindowKeptWithItsAnswerAndOnlyOnce() throws Exception {
        capture = Captures.of(dir, clock, Map.of("min_confidence", 0.8));
        capture.start();
        capture.shadowDisagreement().compared(Predictions.sure(0, 0), Predictions.sure(0, 0));
        capture.shadowDisagreement().compared(Predictions.sure(1, 0), Predictions.sure(1, 3));
        capture.observer().inferred(Predictions.of(2, 0.5, 0.5, 0, 0));
        capture.shadowDisagreement().compared(Predictions.of(2, 0.5, 0.5, 0, 0), Predictions.sure(2, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.stats().figures().keptTotal() == 2);
        List<CaptureItem> items = items();
        assertThat(items).extracting(CaptureItem::seq).containsExactly(1L, 2L);
        assertThat(items.get(0).reasonNames()).isEqualTo("shadow_disagreement");
        @SuppressWarnings("unchecked")
        Map<String, Object> shadow = (Map<String, Object>) items.get(0).reasons().get(0).detail().get("shadow");
        assertThat(shadow).containsEntry("label", "bearing_fault");
        assertThat(items.get(1).reasonNames()).isEqualTo("low_confidence");
    }

    @Test
    void aFolderThatCannotBeUsedIsSaidInTheStateAndCaptureResumesOnceItCanBe() throws Exception {
        Path blocked = Files.writeString(dir.resolve("blocked"), "a file where the folder should be");
        capture = Captures.of(blocked, clock, Map.of("min_confidence", 0.8));
        List<CaptureFigures.State> told = new CopyOnWriteArrayList<>();
        capture.stats().onStateChange(told::add);
        capture.start();
        assertThat(capture.stats().state().state()).isEqualTo("failing");
        assertThat(capture.stats().state().reason()).startsWith("capture folder " + blocked + " cannot be used");
        capture.observer().inferred(Predictions.of(0, 0.5, 0.5, 0, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.stats().figures().writeErrorsTotal() == 1);
        Files.delete(blocked);
        clock.advance(StoreSlot.RETRY_MS);
        capture.observer().inferred(Predictions.of(1, 0.5, 0.5, 0, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.stats().state().state().equals("ok"));
        assertThat(items()).extracting(CaptureItem::seq).containsExactly(1L);
        assertThat(told).extracting(CaptureFigures.State::state).containsExactly("failing", "ok");
        assertThat(capture.stats().figures().lastProblem()).contains("cannot be used");
    }
}
