package io.edgeinfer.outbox;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records the disk refused (full, or failing), by id. They stay in the record cache (pinned there)
 * and are sent as usual; they are written to disk once it takes them again, and if they are
 * acknowledged first, they are forgotten without touching it. Writer thread only.
 */
final class HeldInMemory {
    private record Held(int size, long createdMs) {
    }

    private final TreeMap<Long, Held> records = new TreeMap<>();

    void hold(List<OutboxRecord> batch) {
        for (OutboxRecord r : batch) {
            records.put(r.id(), new Held(r.payload().length, r.createdMs()));
        }
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    /** The lowest id held, or {@link Long#MAX_VALUE} when none is. */
    long firstId() {
        return records.isEmpty() ? Long.MAX_VALUE : records.firstKey();
    }

    /** Stops holding {@code id}; returns its payload size, or -1 when it was not held. */
    long release(long id) {
        Held h = records.remove(id);
        return h == null ? -1 : h.size();
    }

    List<Long> ids() {
        return List.copyOf(records.keySet());
    }

    /** The oldest {@code n} ids held. */
    List<Long> oldest(int n) {
        return records.keySet().stream().limit(n).toList();
    }

    /** Ids of records made before {@code cutoffMs}. */
    List<Long> olderThan(long cutoffMs) {
        return records.entrySet().stream().filter(e -> e.getValue().createdMs() < cutoffMs).map(Map.Entry::getKey)
                .toList();
    }
}
