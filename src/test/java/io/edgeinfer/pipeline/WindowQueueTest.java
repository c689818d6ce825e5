package io.edgeinfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.model.Window;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WindowQueueTest {
    private static Window w(long i) {
        return new Window(i, 0, 0, 0, 1, 1, new float[1]);
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsDrops() throws Exception {
        WindowQueue q = new WindowQueue(3, Overflow.DROP_OLDEST);
        for (int i = 0; i < 5; i++) {
            q.put(w(i));
        }
        assertThat(q.droppedTotal()).isEqualTo(2);
        assertThat(q.poll(0, TimeUnit.MILLISECONDS).index()).isEqualTo(2);
        assertThat(q.poll(0, TimeUnit.MILLISECONDS).index()).isEqualTo(3);
        assertThat(q.poll(0, TimeUnit.MILLISECONDS).index()).isEqualTo(4);
        assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void blockMakesTheProducerWaitAndLosesNothing() throws Exception {
        WindowQueue q = new WindowQueue(1, Overflow.BLOCK);
        q.put(w(0));
        AtomicBoolean second = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try {
                q.put(w(1));
                second.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        // The producer cannot finish while the queue is full...
        producer.join(200);
        assertThat(second).isFalse();
        // ...and does once the consumer takes one.
        assertThat(q.poll(1, TimeUnit.SECONDS).index()).isZero();
        await().atMost(Duration.ofSeconds(5)).untilTrue(second);
        assertThat(q.poll(1, TimeUnit.SECONDS).index()).isEqualTo(1);
        assertThat(q.droppedTotal()).isZero();
    }
}
