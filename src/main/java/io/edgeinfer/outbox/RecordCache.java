package io.edgeinfer.outbox;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recently committed records kept in memory, so the live send path never reads the disk. Every
 * committed, unacknowledged record with {@code id >= floor} is in the cache; older ones (the
 * backlog after an outage or a restart) are read from the store in pages.
 */
final class RecordCache {
    private static final Logger LOG = LoggerFactory.getLogger(RecordCache.class);
    static final int MAX = 20_000;

    private final ConcurrentSkipListMap<Long, OutboxRecord> records = new ConcurrentSkipListMap<>();
    private final SqliteStore store;
    private volatile long floor;

    /** @param floor the first id that will be committed from now on */
    RecordCache(SqliteStore store, long floor) {
        this.store = store;
        this.floor = floor;
    }

    /**
     * Called by the writer after a commit; evicts the oldest beyond {@link #MAX}, as they are on
     * disk, but never a record from {@code pinnedFrom} on (those are held in memory only).
     */
    void committed(List<OutboxRecord> batch, long pinnedFrom) {
        for (OutboxRecord r : batch) {
            records.put(r.id(), r);
        }
        while (records.size() > MAX && records.firstKey() < pinnedFrom) {
            records.pollFirstEntry();
            floor = records.firstKey();
        }
    }

    void remove(long id) {
        records.remove(id);
    }

    /** The cached record, or null (acknowledged, or only on disk). */
    OutboxRecord get(long id) {
        return records.get(id);
    }

    /** Committed records with {@code id > afterId} in id order, from disk below the floor, else from memory. */
    List<OutboxRecord> read(long afterId, int max) {
        while (true) {
            long seen = floor;
            if (afterId + 1 < seen) {
                List<OutboxRecord> fromDisk = readDisk(afterId, seen, max);
                if (!fromDisk.isEmpty()) {
                    return fromDisk;
                }
                afterId = seen - 1;
            }
            List<OutboxRecord> out = new ArrayList<>(Math.min(max, 64));
            for (OutboxRecord r : records.tailMap(afterId, false).values()) {
                if (out.size() >= max) {
                    break;
                }
                out.add(r);
            }
            if (floor == seen) {
                return out;
            }
            // The writer evicted records while we read: they are on disk now; read again.
        }
    }

    private List<OutboxRecord> readDisk(long afterId, long beforeId, int max) {
        try {
            return store.read(afterId, beforeId, max);
        } catch (SQLException e) {
            LOG.warn("outbox read failed: {}", e.getMessage());
            return List.of();
        }
    }
}
