package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.OutboxRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchPublisherTest {
    private static final String TOPIC = "edgeinfer/d/pipelines/a/predictions";
    private final MemoryOutbox outbox = new MemoryOutbox(Clock.systemUTC(), 100_000);
    private final ScheduledExecutorService thread = PublishModes.newPublisherThread();

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    private BatchPublisher batches(int max, long lingerMs) {
        return new BatchPublisher(outbox, TOPIC, "boot", "a", max, lingerMs, thread, Clock.systemUTC());
    }

    private List<JsonNode> published() {
        return outbox.read(0, 100_000).stream().map(BatchPublisherTest::json).toList();
    }

    private static JsonNode json(OutboxRecord r) {
        try {
            return Json.mapper().readTree(r.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every seq in every batch, in outbox order. */
    private List<Long> seqs() {
        List<Long> out = new ArrayList<>();
        for (JsonNode b : published()) {
            b.get("predictions").forEach(p -> out.add(p.get("seq").asLong()));
        }
        return out;
    }

    @Test
    void aFullBatchIsOneMessageOfWholePredictionsInSeqOrder() {
        BatchPublisher sink = batches(5, 60_000);
        for (int i = 0; i < 10; i++) {
            sink.accept(Predictions.of(i, "normal", 0.99));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> published().size() == 2);
        JsonNode first = published().get(0);
        assertThat(first.get("batch").asBoolean()).isTrue();
        assertThat(first.get("pipeline").asText()).isEqualTo("a");
        assertThat(first.get("boot_id").asText()).isEqualTo("boot");
        assertThat(first.get("suppressed").asLong()).isZero();
        assertThat(first.get("predictions")).hasSize(5);
        JsonNode p = first.get("predictions").get(0);
        assertThat(p.get("label").asText()).isEqualTo("normal");
        assertThat(p.get("pipeline").asText()).isEqualTo("a");
        assertThat(p.has("suppressed")).isFalse();
        assertThat(seqs()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aBatchThatDoesNotFillGoesOutAfterItsLinger() {
        BatchPublisher sink = batches(50, 200);
        long t0 = System.nanoTime();
        sink.accept(Predictions.of(0, "normal", 0.99));
        sink.accept(Predictions.of(1, "normal", 0.99));
        await().atMost(Duration.ofSeconds(5)).until(() -> published().size() == 1);
        assertThat((System.nanoTime() - t0) / 1e6).as("not before its linger").isGreaterThanOrEqualTo(190);
        assertThat(seqs()).containsExactly(0L, 1L);
        sink.accept(Predictions.of(2, "normal", 0.99));
        await().atMost(Duration.ofSeconds(5)).until(() -> published().size() == 2);
        assertThat(seqs()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void theInferenceThreadNeverWaitsForTheOutbox() throws Exception {
        // The publishing thread is held up (a slow card, a long encode): adding goes on regardless.
        AtomicBoolean release = new AtomicBoolean();
        thread.execute(() -> await().atMost(Duration.ofSeconds(30)).untilTrue(release));
        BatchPublisher sink = batches(10, 50);
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            sink.accept(Predictions.of(i, "normal", 0.99));
        }
        assertThat((System.nanoTime() - t0) / 1e6).as("1000 predictions handed over while blocked").isLessThan(2000);
        assertThat(published()).isEmpty();
        release.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> seqs().size() == 1000);
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertThat(seqs()).isEqualTo(expected);
    }

    @Test
    void closeHandsOverThePendingBatchAtOnce() {
        BatchPublisher sink = batches(50, 3_600_000);
        sink.accept(Predictions.of(0, "normal", 0.99));
        sink.accept(Predictions.of(1, "imbalance", 0.99));
        sink.close();
        assertThat(seqs()).as("written before close returns").containsExactly(0L, 1L);
        sink.close();
        assertThat(published()).hasSize(1);
    }

    @Test
    void aBatchTooLargeForOneMessageIsSplitInOrder() {
        BatchPublisher sink = batches(10_000, 3_600_000);
        for (int i = 0; i < 2000; i++) {
            sink.accept(Predictions.of(i, "normal", 0.99));
        }
        sink.close();
        assertThat(published()).hasSizeGreaterThan(1);
        assertThat(outbox.read(0, 100).stream().mapToInt(r -> r.payload().length).max().orElseThrow())
                .isLessThanOrEqualTo(BatchPublisher.MAX_MESSAGE_BYTES);
        assertThat(seqs()).hasSize(2000).isSorted();
    }
}
