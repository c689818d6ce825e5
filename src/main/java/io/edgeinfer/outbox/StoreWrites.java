package io.edgeinfer.outbox;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the writer thread does to the store with a group: writes the appended records, deletes the
 * acknowledged ones. When the disk refuses writes (full, or a failing card), records are held in
 * memory and still delivered ({@link HeldInMemory}, {@link Durability}), acknowledged ones that
 * cannot be deleted no longer count as waiting, and the disk is tried again every few seconds.
 * Writer thread only.
 */
final class StoreWrites {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWrites.class);

    private final SqliteStore store;
    private final RecordCache cache;
    private final OutboxCounters counters;
    private final Durability durability;
    private final HeldInMemory held;
    /** Acknowledged ids whose delete failed or was put off: tried again with the next ones. */
    private long[] undeleted = new long[0];

    StoreWrites(SqliteStore store, RecordCache cache, OutboxCounters counters, Durability durability,
            HeldInMemory held) {
        this.store = store;
        this.cache = cache;
        this.counters = counters;
        this.durability = durability;
        this.held = held;
    }

    /** Writes (or holds) a group and makes it readable. */
    void commit(List<OutboxRecord> batch) {
        if (durability.tryDisk()) {
            write(batch);
        } else {
            held.hold(batch);
        }
        cache.committed(batch, held.firstId());
    }

    /**
     * Writes the batch, after the records held in memory if there are any (those acknowledged
     * meanwhile are not in the cache any more, and need no disk). A refusal holds the batch too.
     */
    private void write(List<OutboxRecord> batch) {
        List<OutboxRecord> records = new ArrayList<>();
        held.ids().stream().map(cache::get).filter(r -> r != null).forEach(records::add);
        int wasHeld = records.size();
        records.addAll(batch);
        if (records.isEmpty()) {
            return; // nothing to try the disk with yet
        }
        try {
            store.insert(records);
        } catch (SQLException e) {
            // Disk full or failing card: the messages still go out, from memory.
            durability.lost(e);
            held.hold(batch);
            return;
        }
        records.subList(0, wasHeld).forEach(r -> held.release(r.id()));
        durability.regained(wasHeld);
    }

    /** Forgets what the broker acknowledged: from memory if held there, else from disk. */
    void deleteAcked(long[] acked) {
        long[] ids = Arrays.copyOf(undeleted, undeleted.length + acked.length);
        System.arraycopy(acked, 0, ids, undeleted.length, acked.length);
        int onDisk = 0;
        for (long id : ids) {
            long size = held.release(id);
            if (size >= 0) {
                counters.removed(size);
            } else {
                ids[onDisk++] = id;
            }
        }
        boolean wasFailing = undeleted.length > 0;
        undeleted = new long[0];
        if (onDisk == 0) {
            return;
        }
        if (!durability.tryDisk()) {
            // The disk refuses writes: no delete is tried before the next try of the held records.
            undeleted = Arrays.copyOf(ids, onDisk);
            countOut(undeleted);
            return;
        }
        try {
            store.delete(ids, onDisk, counters::removedRow);
        } catch (SQLException e) {
            // Tried again with the next ones; meanwhile they do not count as waiting.
            undeleted = Arrays.copyOf(ids, onDisk);
            countOut(undeleted);
            if (SqliteStore.isFull(e)) {
                durability.lost(e);
            } else if (!wasFailing) {
                LOG.warn("outbox cannot delete acknowledged messages now ({}); tried again with the next ones", e
                        .getMessage());
            }
        }
    }

    private void countOut(long[] ids) {
        try {
            store.sizes(ids, ids.length, counters::countOut);
        } catch (SQLException e) {
            LOG.debug("outbox sizes of undeleted messages: {}", e.getMessage());
        }
    }
}
