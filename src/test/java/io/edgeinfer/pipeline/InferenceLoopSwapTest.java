package io.edgeinfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.ModelOutput;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Swapping the model while windows stream through the loop. */
class InferenceLoopSwapTest {
    private final WindowQueue queue = new WindowQueue(1000, Overflow.BLOCK);
    private final PipelineStats stats = new PipelineStats(queue);
    private final List<Prediction> out = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AtomicInteger usedAfterClose = new AtomicInteger();

    /** A model that takes a little time and notices being used after it was closed. */
    private final class Runner implements ModelRunner {
        final ModelInfo info;
        volatile boolean closed;

        Runner(int n, List<String> labels) {
            info = new ModelInfo("m", Integer.toString(n), String.format("%064d", n), 0, labels);
        }

        @Override
        public ModelInfo info() {
            return info;
        }

        @Override
        public ModelOutput predict(Window w) throws InferenceException {
            if (closed) {
                usedAfterClose.incrementAndGet();
            }
            LockSupport.parkNanos(30_000);
            if (closed) {
                usedAfterClose.incrementAndGet();
            }
            return new ModelOutput(new float[]{1, 0}, 0, 30_000);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void swapsBetweenWindowsNeverSkipOrRepeatOneAndNeverUseAClosedModel() throws Exception {
        Runner first = new Runner(0, List.of("a", "b"));
        InferenceLoop loop = new InferenceLoop(queue, first, new PostProcessor(first.info().labels()), out::add, stats,
                fatal::set);
        loop.start();
        int windows = 20_000;
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < windows; i++) {
                    loop.submit(new Window(i, 0, 0, System.nanoTime(), 1, 2, new float[2]));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        List<Runner> runners = new ArrayList<>(List.of(first));
        for (int n = 1; n <= 100 && producer.isAlive(); n++) {
            // Every other model names its labels differently: the labels travel with the runner.
            Runner next = new Runner(n, n % 2 == 0 ? List.of("a", "b") : List.of("p", "q"));
            ModelRunner old = loop.swap(next);
            assertThat(old).isSameAs(runners.get(runners.size() - 1));
            old.close();
            runners.add(next);
            LockSupport.parkNanos(2_000_000);
        }
        producer.join();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.size() == windows);
        loop.stop(1000);

        assertThat(fatal.get()).isNull();
        assertThat(usedAfterClose.get()).as("predictions on a closed model").isZero();
        assertThat(runners.size()).as("swaps happened under load").isGreaterThan(20);
        int lastModel = 0;
        for (int i = 0; i < windows; i++) {
            Prediction p = out.get(i);
            assertThat(p.window().index()).isEqualTo(i);
            assertThat(p.seq()).isEqualTo(i);
            int model = Integer.parseInt(p.model().version());
            assertThat(model).as("models only ever move forward").isGreaterThanOrEqualTo(lastModel);
            lastModel = model;
            assertThat(p.result().label()).isEqualTo(model % 2 == 0 ? "a" : "p");
        }
    }

    @Test
    void recentWindowsAreTheLastOnesInOrder() throws Exception {
        Runner r = new Runner(0, List.of("a", "b"));
        InferenceLoop loop = new InferenceLoop(queue, r, new PostProcessor(r.info().labels()), out::add, stats,
                fatal::set);
        loop.start();
        for (int i = 0; i < 40; i++) {
            loop.submit(new Window(i, 0, 0, System.nanoTime(), 1, 2, new float[2]));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.size() == 40);
        loop.stop(1000);
        assertThat(loop.recentWindows()).extracting(Window::index).containsExactlyElementsOf(
                LongStream.range(24, 40).boxed().toList());
    }
}
