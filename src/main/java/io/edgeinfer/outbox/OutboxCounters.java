package io.edgeinfer.outbox;

import java.util.concurrent.atomic.AtomicLong;

/** Depth, payload bytes and drops of the outbox, shared by the append path, the writer and the bounds. */
final class OutboxCounters {
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    OutboxCounters(long depth, long bytes) {
        this.depth.set(depth);
        this.bytes.set(bytes);
    }

    void appended(int payloadBytes) {
        depth.incrementAndGet();
        bytes.addAndGet(payloadBytes);
    }

    /** A record left the outbox (acknowledged or dropped). */
    void removed(long payloadBytes) {
        depth.decrementAndGet();
        bytes.addAndGet(-payloadBytes);
    }

    void dropped(long n) {
        dropped.addAndGet(n);
    }

    long depth() {
        return depth.get();
    }

    long bytes() {
        return bytes.get();
    }

    long droppedTotal() {
        return dropped.get();
    }
}
