package io.edgeinfer.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.FakeModelRunner;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.WindowQueue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is sent when, driven by a real inference loop whose model can be made to hang. */
class SystemdServiceTest {
    private static final List<String> LABELS = List.of("a", "b");
    private static final WatchdogSettings WATCHDOG = new WatchdogSettings(Duration.ofMillis(600));

    private final WindowQueue queue = new WindowQueue(10, Overflow.BLOCK);
    private final PipelineStats stats = new PipelineStats(queue);
    private final CountDownLatch release = new CountDownLatch(1);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final CompletableFuture<Void> firstInference = new CompletableFuture<>();
    private InferenceLoop loop;
    private SystemdService service;

    /** Window 1 hangs in predict until {@link #release}; the others return at once. */
    private final FakeModelRunner model = new FakeModelRunner(LABELS, w -> {
        if (w.index() == 1) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new float[]{1, 0};
    });

    private void start(Optional<WatchdogSettings> watchdog) {
        loop = new InferenceLoop(queue, model, new PostProcessor(LABELS), p -> firstInference.complete(null), stats,
                t -> {
                });
        loop.start();
        ServiceStatus status = new ServiceStatus("fake 1", stats::inferencesTotal, stats::droppedTotal,
                System::nanoTime);
        service = new SystemdService(notifier, watchdog, loop::heartbeatNanos, status, System::nanoTime);
        service.start(firstInference, Duration.ofMillis(200));
    }

    private static Window window(long i) {
        return new Window(i, 0, 0, System.nanoTime(), 1, 1, new float[]{0});
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (service != null) {
            service.close();
        }
        if (loop != null) {
            loop.stop(1000);
        }
    }

    @Test
    void readyIsSentOnlyOnceTheFirstWindowIsInferred() throws Exception {
        start(Optional.empty());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !notifier.any("READY=1"));
        loop.submit(window(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.any("READY=1"));
        assertThat(notifier.sent).filteredOn(s -> s.startsWith("READY=1")).singleElement().asString()
                .contains("STATUS=model fake 1: ").contains("1 inferred");
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.sent.stream().filter(s -> s.startsWith("STATUS="))
                .count() >= 2);
        assertThat(notifier.count("WATCHDOG=1")).as("no watchdog asked for").isZero();
    }

    @Test
    void watchdogPingsWhileTheLoopIdlesStopsWhilePredictHangsAndResumes() throws Exception {
        start(Optional.of(WATCHDOG));
        loop.submit(window(0));
        // Idle: nothing queued, the loop only polls, yet it is healthy.
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.count("WATCHDOG=1") >= 4);

        loop.submit(window(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.any("STATUS=inference loop stalled"));
        long frozen = notifier.count("WATCHDOG=1");
        // Two whole timeouts without a ping: systemd would have restarted the service.
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
                .until(() -> notifier.count("WATCHDOG=1") == frozen);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.count("WATCHDOG=1") >= frozen + 2);
    }

    @Test
    void closeSaysStoppingAndClosesTheNotifier() throws Exception {
        start(Optional.of(WATCHDOG));
        loop.submit(window(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.any("READY=1"));
        service.close();
        service.close();
        assertThat(notifier.sent).last().isEqualTo("STOPPING=1\nSTATUS=stopping");
        assertThat(notifier.closed).isTrue();
        int after = notifier.sent.size();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> notifier.sent.size() == after);
    }

    @Test
    void withoutAServiceManagerNothingRuns() throws Exception {
        loop = new InferenceLoop(queue, model, new PostProcessor(LABELS), p -> firstInference.complete(null), stats,
                t -> {
                });
        loop.start();
        service = new SystemdService(ServiceNotifier.NONE, Optional.of(WATCHDOG), loop::heartbeatNanos,
                new ServiceStatus("fake 1", stats::inferencesTotal, stats::droppedTotal, System::nanoTime),
                System::nanoTime);
        service.start(firstInference, Duration.ofMillis(100));
        loop.submit(window(0));
        await().atMost(Duration.ofSeconds(5)).until(firstInference::isDone);
        // Nothing was scheduled, so the notifier thread was never even created.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces()
                .keySet()
                .stream().noneMatch(t -> t.getName().equals("edgeinfer-systemd")));
        service.close();
    }
}
