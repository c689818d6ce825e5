package io.edgeinfer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the outbox's writer thread may sleep: never round and round while acknowledgements wait for their delete. */
class WriterIdleTest {
    private static final long DUE = SqliteOutbox.ACK_FLUSH_NANOS;

    @Test
    void whileAFewAcknowledgementsWaitForTheirBatchedDeleteTheWriterSleepsUntilItIsDue() {
        // The bug this guards against: one ack waiting made the writer go round without sleeping for
        // 200 ms after every message, burning CPU and allocating megabytes per second.
        assertThat(SqliteOutbox.idleNanos(0, 1, DUE / 4, false)).isEqualTo(DUE - DUE / 4);
        assertThat(SqliteOutbox.idleNanos(0, 499, 0, false)).isEqualTo(DUE);
    }

    @Test
    void dueAcknowledgementsRecordsAFlushOrACloseAreWorkForNow() {
        assertThat(SqliteOutbox.idleNanos(0, 1, DUE * 2, false)).isZero();
        assertThat(SqliteOutbox.idleNanos(0, 500, 0, false)).isZero();
        assertThat(SqliteOutbox.idleNanos(3, 0, 0, false)).isZero();
        assertThat(SqliteOutbox.idleNanos(0, 1, 0, true)).isZero();
    }

    @Test
    void withNothingToDoTheWriterSleepsASecond() {
        assertThat(SqliteOutbox.idleNanos(0, 0, 0, false)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }
}
