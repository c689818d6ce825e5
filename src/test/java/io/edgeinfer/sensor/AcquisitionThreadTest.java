package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcquisitionThreadTest {
    private final AcquisitionThread acquisition = new AcquisitionThread("test-acquisition");

    @Test
    void stopReleasesABodyBlockedWhereNoInterruptReachesAndWaitsForIt() throws Exception {
        Semaphore output = new Semaphore(0); // stands for a child process's output: deaf to interrupts
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger releases = new AtomicInteger();
        acquisition.start(() -> {
            while (acquisition.running()) {
                blocked.countDown();
                output.acquireUninterruptibly();
            }
            ended.countDown();
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        acquisition.stop(10_000, () -> {
            releases.incrementAndGet();
            output.release();
        });
        assertThat(ended.getCount()).as("body ended before stop returned").isZero();

        acquisition.stop(10_000, releases::incrementAndGet);
        assertThat(releases).hasValue(2);
        assertThat(acquisition.running()).isFalse();
    }

    @Test
    void aSecondStartIsRefused() {
        acquisition.start(() -> {
        });
        assertThatThrownBy(() -> acquisition.start(() -> {
        })).isInstanceOf(IllegalStateException.class);
        acquisition.stop(1000);
    }
}
