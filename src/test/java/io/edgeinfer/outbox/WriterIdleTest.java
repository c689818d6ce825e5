package io.edgeinfer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How long the outbox's writer thread sleeps while acknowledgements wait for their batched delete:
 * until the delete is due ({@link Cadence#remainingMs}), never round and round. The bug this guards
 * against: one waiting acknowledgement made the writer go round without sleeping for 200 ms after
 * every message, waking the sender each round, burning more CPU than inference and allocating
 * megabytes per second (docs/BENCHMARKS.md, "Memory over a soak").
 */
class WriterIdleTest {
    @Test
    void theWriterSleepsUntilTheBatchedDeleteIsDue() {
        ManualClock clock = new ManualClock(1_000);
        Cadence ackFlush = new Cadence(clock, 200);
        clock.advance(50);
        assertThat(ackFlush.due()).isFalse();
        assertThat(ackFlush.remainingMs()).isEqualTo(150);
        clock.advance(149);
        assertThat(ackFlush.remainingMs()).isEqualTo(1);
    }

    @Test
    void onceDueTheDeleteRunsAndTheNextWaitIsAWholePeriod() {
        ManualClock clock = new ManualClock(1_000);
        Cadence ackFlush = new Cadence(clock, 200);
        clock.advance(250);
        assertThat(ackFlush.remainingMs()).isEqualTo(1);
        assertThat(ackFlush.due()).isTrue();
        assertThat(ackFlush.remainingMs()).isEqualTo(200);
    }
}
