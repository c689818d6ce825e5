package io.edgeinfer.outbox;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Depth, payload bytes and drops of the outbox, shared by the append path, the writer and the
 * bounds. The row methods are for the writer thread only.
 */
final class OutboxCounters {
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Acknowledged rows still on disk (their delete failed), already taken out of the depth. */
    private final Set<Long> countedOut = new HashSet<>();

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

    /** An acknowledged row could not be deleted yet: it no longer counts. */
    void countOut(long id, long payloadBytes) {
        if (countedOut.add(id)) {
            removed(payloadBytes);
        }
    }

    /** A row was deleted; true when that took it out of the depth (it had not been counted out before). */
    boolean removedRow(long id, long payloadBytes) {
        if (countedOut.remove(id)) {
            return false;
        }
        removed(payloadBytes);
        return true;
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
