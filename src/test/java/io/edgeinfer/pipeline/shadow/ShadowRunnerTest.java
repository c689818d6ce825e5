package io.edgeinfer.pipeline.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.FakeModelRunner;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.pipeline.WindowQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A candidate in shadow on the serving loop's windows: compared, never published, never in the way. */
class ShadowRunnerTest {
    private static final List<String> LABELS = List.of("a", "b");

    private final WindowQueue queue = new WindowQueue(10_000, Overflow.BLOCK);
    private final PipelineStats stats = new PipelineStats(queue);
    private final List<Prediction> published = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private InferenceLoop loop;

    /** Serving: label a when the window's first value is even, else b. */
    private final FakeModelRunner serving = new FakeModelRunner(LABELS,
            w -> ((int) w.data()[0]) % 2 == 0 ? new float[]{5, 0} : new float[]{0, 5});

    private void startLoop() {
        loop = new InferenceLoop(queue, serving, new PostProcessor(LABELS), published::add, stats, fatal::set);
        loop.start();
    }

    private void feed(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            loop.submit(new Window(i, 0, 0, System.nanoTime(), 1, 2, new float[]{i, 0}));
        }
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(2000);
        }
    }

    @Test
    void theCandidateSeesEveryWindowAndItsAnswersReachOnlyTheListener() throws Exception {
        startLoop();
        FakeModelRunner candidate = new FakeModelRunner(new ModelInfo("cand", "2", "c".repeat(64), 0, LABELS),
                w -> ((int) w.data()[0]) % 4 == 0 ? new float[]{0, 5} : new float[]{5, 0});
        ShadowRunner shadow = ShadowRunner.onOwnThread(candidate, 10_000, "test-shadow");
        List<boolean[]> seen = new CopyOnWriteArrayList<>();
        shadow.addListener((p, s) -> seen.add(new boolean[]{s.agreesWith(p.result())}));
        loop.addObserver(shadow);
        feed(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 400);
        // They agree only where i % 4 == 2 (both say a): one window in four.
        assertThat(seen.stream().filter(b -> b[0]).count()).isEqualTo(100);
        assertThat(published).hasSize(400).allSatisfy(p -> assertThat(p.model().name()).isEqualTo("fake"));
        assertThat(shadow.dropped()).isZero();
        loop.removeObserver(shadow);
        assertThat(shadow.closeAndCheck()).isTrue();
        assertThat(candidate.closed()).isTrue();
    }

    @Test
    void aCandidateThatHangsNeverSlowsTheServingLoopItsWindowsAreDroppedAndCounted() throws Exception {
        startLoop();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        FakeModelRunner stuck = new FakeModelRunner(LABELS, w -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new float[]{1, 0};
        });
        ShadowRunner shadow = ShadowRunner.onOwnThread(stuck, 4, "test-shadow-stuck");
        loop.addObserver(shadow);
        feed(1);
        // The candidate holds the first window before the rest arrive (else it may still be queued).
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        feed(1999);
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2000);
        // One window in the candidate, four waiting, the rest dropped: the serving side never waited.
        assertThat(shadow.offered()).isEqualTo(2000);
        assertThat(shadow.dropped()).isEqualTo(2000 - 5);
        loop.removeObserver(shadow);
        release.countDown();
        assertThat(shadow.closeAndCheck()).isTrue();
    }

    @Test
    void failuresAndNonFiniteOutputsOfTheCandidateAreOutcomesNotErrorsOfThePipeline() throws Exception {
        startLoop();
        FakeModelRunner flaky = new FakeModelRunner(LABELS, w -> {
            int i = (int) w.data()[0];
            if (i % 3 == 0) {
                throw new IllegalStateException("candidate raised on " + i);
            }
            return i % 3 == 1 ? new float[]{Float.NaN, 0} : new float[]{1, 0};
        });
        ShadowRunner shadow = ShadowRunner.onOwnThread(flaky, 1000, "test-shadow-flaky");
        List<ShadowOutcome> outcomes = new CopyOnWriteArrayList<>();
        shadow.addListener((p, s) -> outcomes.add(s));
        loop.addObserver(shadow);
        feed(30);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 30);
        assertThat(outcomes.stream().filter(o -> o.failed() && !o.nonFinite())).hasSize(10)
                .allSatisfy(o -> assertThat(o.error()).startsWith("candidate raised on"));
        assertThat(outcomes.stream().filter(ShadowOutcome::nonFinite)).hasSize(10);
        assertThat(outcomes.stream().filter(o -> !o.failed())).hasSize(10);
        assertThat(stats.errorsTotal()).isZero();
        assertThat(published).hasSize(30);
        shadow.close();
    }
}
