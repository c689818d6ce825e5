package io.edgeinfer.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The watchdog's deadlines on a hand-moved clock; checks called directly, no timer thread. */
class FrameWatchdogTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger stalls = new AtomicInteger();
    private final FrameWatchdog watchdog = new FrameWatchdog(Duration.ofSeconds(5), Duration.ofSeconds(10), now::get);

    private void at(double seconds) {
        now.set(1_000_000 + (long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }

    /** Not a tenth of a second before {@code seconds}, then at it. */
    private void stallsAt(double seconds) {
        at(seconds - 0.1);
        assertThat(watchdog.check()).as("at %s s", seconds - 0.1).isFalse();
        at(seconds);
        assertThat(watchdog.check()).as("at %s s", seconds).isTrue();
    }

    @Test
    void theFirstFrameMayTakeTheTimeoutPlusTheStartGrace() {
        at(0);
        watchdog.arm(stalls::incrementAndGet);
        stallsAt(15);
        at(30);
        assertThat(watchdog.check()).as("fires once per arm").isFalse();
        assertThat(stalls).hasValue(1);
    }

    @Test
    void afterAFrameTheNextIsDueWithinTheTimeout() {
        at(0);
        watchdog.arm(stalls::incrementAndGet);
        at(2);
        watchdog.frame();
        at(6.9);
        assertThat(watchdog.check()).isFalse();
        watchdog.frame();
        stallsAt(11.9);
        assertThat(stalls).hasValue(1);
    }

    @Test
    void aFrameHeldByABlockingPipelineIsNoStallAndItsReleaseRestartsTheTimeout() {
        at(0);
        watchdog.arm(stalls::incrementAndGet);
        watchdog.frame();
        watchdog.hold();
        at(60);
        assertThat(watchdog.check()).isFalse();
        watchdog.release();
        stallsAt(65);
    }

    @Test
    void aDisarmedOrClosedWatchdogNeverFires() {
        at(0);
        watchdog.arm(stalls::incrementAndGet);
        watchdog.disarm();
        at(100);
        assertThat(watchdog.check()).isFalse();
        at(101);
        watchdog.arm(stalls::incrementAndGet);
        watchdog.close();
        at(200);
        assertThat(watchdog.check()).isFalse();
        assertThat(stalls).hasValue(0);
    }
}
