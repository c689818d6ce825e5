package io.edgeinfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InferenceLoopTest {
    private final WindowQueue queue = new WindowQueue(100, Overflow.BLOCK);
    private final PipelineStats stats = new PipelineStats(queue);
    private final List<Prediction> out = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private InferenceLoop loop;

    private static Window w(long i) {
        return new Window(i, i * 1_000_000, i * 1_000_000 + 999, System.nanoTime(), 1, 1, new float[]{i});
    }

    private void start(FakeModelRunner model) {
        loop = new InferenceLoop(queue, model, new PostProcessor(List.of("even", "odd")), out::add, stats, fatal::set);
        loop.start();
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(1000);
        }
    }

    @Test
    void everyWindowGetsAPredictionWithStrictlyIncreasingSeq() throws Exception {
        start(new FakeModelRunner(List.of("even", "odd"), w -> w.index() % 2 == 0
                ? new float[]{5, 0}
                : new float[]{0, 5}));
        for (int i = 0; i < 50; i++) {
            loop.submit(w(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.size() == 50);
        for (int i = 0; i < 50; i++) {
            Prediction p = out.get(i);
            assertThat(p.seq()).isEqualTo(i);
            assertThat(p.window().index()).isEqualTo(i);
            assertThat(p.result().label()).isEqualTo(i % 2 == 0 ? "even" : "odd");
            assertThat(p.totalNanos()).isGreaterThanOrEqualTo(p.queueNanos());
        }
        assertThat(stats.inferencesTotal()).isEqualTo(50);
        assertThat(stats.windowsTotal()).isEqualTo(50);
    }

    @Test
    void aFailedInferenceIsCountedAndTheLoopGoesOn() throws Exception {
        start(new FakeModelRunner(List.of("even", "odd"), w -> {
            if (w.index() == 3) {
                throw new IllegalStateException("bad window");
            }
            return new float[]{1, 0};
        }));
        for (int i = 0; i < 6; i++) {
            loop.submit(w(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.size() == 5);
        assertThat(stats.errorsTotal()).isEqualTo(1);
        assertThat(out).extracting(p -> p.window().index()).containsExactly(0L, 1L, 2L, 4L, 5L);
        // seq numbers predictions, not windows: no gap for the failed one.
        assertThat(out).extracting(Prediction::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(fatal.get()).isNull();
    }

    @Test
    void nonFiniteOutputsAreInferenceErrorsNotPredictions() throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        start(new FakeModelRunner(List.of("even", "odd"), w -> switch ((int) w.index()) {
            case 1 -> new float[]{Float.NaN, 0};
            case 2 -> new float[]{Float.POSITIVE_INFINITY, 0};
            case 3 -> new float[]{0, Float.NEGATIVE_INFINITY};
            default -> new float[]{1, 0};
        }));
        loop.addObserver(new InferenceObserver() {
            @Override
            public void inferred(Prediction p) {
                // only failures matter here
            }

            @Override
            public void failed(ModelInfo model, Window w) {
                failures.add("window " + w.index());
            }
        });
        for (int i = 0; i < 5; i++) {
            loop.submit(w(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.size() + stats.errorsTotal() == 5);
        assertThat(out).extracting(p -> p.window().index()).containsExactly(0L, 4L);
        assertThat(out).allSatisfy(p -> assertThat(p.result().confidence()).isFinite());
        assertThat(stats.errorsTotal()).isEqualTo(3);
        assertThat(failures).containsExactly("window 1", "window 2", "window 3");
    }

    @Test
    void anErrorIsFatalAndReported() throws Exception {
        start(new FakeModelRunner(List.of("even", "odd"), w -> {
            throw new OutOfMemoryError("simulated");
        }));
        loop.submit(w(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> fatal.get() != null);
        assertThat(fatal.get()).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void publishTimeIsTheTimeSpentInTheSinkAndBusyTimeCoversIt() throws Exception {
        long sinkNanos = 3_000_000;
        loop = new InferenceLoop(queue, new FakeModelRunner(List.of("even", "odd"), w -> new float[]{1, 0}),
                new PostProcessor(List.of("even", "odd")), p -> {
                    // A slow sink (a blocking publish, a disk append): busy for 3 ms on this thread.
                    long until = System.nanoTime() + sinkNanos;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    out.add(p);
                }, stats, fatal::set);
        loop.start();
        for (int i = 0; i < 5; i++) {
            loop.submit(w(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.size() == 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.busySecondsTotal() >= 5 * sinkNanos / 1e9);
        LatencyInterval lat = stats.takeInterval();
        assertThat(lat.publish().getTotalCount()).isEqualTo(5);
        assertThat(LatencyInterval.percentileMs(lat.publish(), 50)).isGreaterThanOrEqualTo(3.0);
        // The model's own time is what the model reported, untouched by the slow sink.
        assertThat(LatencyInterval.maxMs(lat.inference())).isEqualTo(0.002);
    }

    @Test
    void stopFinishesWhatIsQueued() throws Exception {
        start(new FakeModelRunner(List.of("even", "odd"), w -> new float[]{1, 0}));
        for (int i = 0; i < 20; i++) {
            loop.submit(w(i));
        }
        loop.stop(2000);
        assertThat(out).hasSize(20);
    }
}
