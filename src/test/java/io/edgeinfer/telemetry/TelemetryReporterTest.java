package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.RecordingPublisher;
import io.edgeinfer.pipeline.FakeModelRunner;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Window;
import io.edgeinfer.pipeline.WindowQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TelemetryReporterTest {
    private final WindowQueue queue = new WindowQueue(2, Overflow.DROP_OLDEST);
    private final PipelineStats stats = new PipelineStats(queue);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC);

    @Test
    void snapshotCountsTheIntervalAndThenResetsPercentiles() throws Exception {
        AtomicInteger done = new AtomicInteger();
        InferenceLoop loop = new InferenceLoop(queue, new FakeModelRunner(List.of("a", "b"), w -> new float[] {1, 0}),
                new PostProcessor(List.of("a", "b")), p -> done.incrementAndGet(), stats, t -> { });
        loop.start();
        for (int i = 0; i < 10; i++) {
            loop.submit(new Window(i, 0, 0, System.nanoTime(), 1, 1, new float[1]));
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 10);
        loop.stop(1000);

        TelemetryReporter r = new TelemetryReporter(stats, publisher, "t", "boot", clock, 1, null);
        TelemetryMessage m = r.snapshot();
        assertThat(m.tsMs()).isEqualTo(1_800_000_000_000L);
        assertThat(m.bootId()).isEqualTo("boot");
        assertThat(m.inferencesTotal()).isEqualTo(10);
        assertThat(m.rateHz()).isPositive();
        // The fake model reports 2 us of inference for every window.
        assertThat(m.inferenceMs().p50()).isEqualTo(0.002);
        assertThat(m.inferenceMs().max()).isEqualTo(0.002);
        assertThat(m.latencyMs().p99()).isLessThanOrEqualTo(m.latencyMs().max());
        assertThat(m.heapUsedMb()).isPositive();

        TelemetryMessage next = r.snapshot();
        assertThat(next.inferencesTotal()).isEqualTo(10);
        assertThat(next.rateHz()).isZero();
        assertThat(next.latencyMs().p50()).as("no inference in the interval: null, not 0").isNull();
    }

    @Test
    void publishesOnTheSchedulerAndOnceMoreOnClose() throws Exception {
        TelemetryReporter r = new TelemetryReporter(stats, publisher, "edgeinfer/d/telemetry", "boot", clock, 0.1, () -> new io.edgeinfer.outbox.OutboxStats(3, 30, 1, null));
        r.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.messages().size() >= 2);
        r.close();
        int after = publisher.messages().size();
        JsonNode last = Json.mapper().readTree(publisher.messages().get(after - 1).payload());
        assertThat(last.get("boot_id").asText()).isEqualTo("boot");
        assertThat(last.has("latency_ms")).isTrue();
        assertThat(publisher.messages()).allSatisfy(m -> assertThat(m.topic()).isEqualTo("edgeinfer/d/telemetry"));
        r.close();
        assertThat(publisher.messages()).hasSize(after);
    }
}
