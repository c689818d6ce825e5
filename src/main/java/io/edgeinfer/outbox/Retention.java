package io.edgeinfer.outbox;

import io.edgeinfer.config.OutboxConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's bounds ({@code outbox.max_messages}, {@code max_bytes}, {@code max_age_s}): beyond
 * them the oldest records are dropped and counted, so a long outage cannot fill the card, nor the
 * memory while the disk is full. Run by the writer after each group commit; the age bound is
 * checked at most once a second. Records held in memory are newer than those on disk, so they go
 * last.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final long AGE_CHECK_MS = 1000;
    /** While full, every group commit drops a few: the log says so at most this often. */
    private static final long LOG_EVERY_MS = 10_000;

    private final OutboxConfig config;
    private final Clock clock;
    private final SqliteStore store;
    private final RecordCache cache;
    private final OutboxCounters counters;
    private final HeldInMemory held;
    private final Cadence ageCheck;
    private final Cadence logCheck;
    private final Map<String, Long> unlogged = new LinkedHashMap<>();

    Retention(OutboxConfig config, Clock clock, SqliteStore store, RecordCache cache, OutboxCounters counters,
            HeldInMemory held) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.cache = cache;
        this.counters = counters;
        this.held = held;
        this.ageCheck = new Cadence(clock, AGE_CHECK_MS);
        this.logCheck = new Cadence(clock, LOG_EVERY_MS, true);
    }

    void apply() {
        try {
            if (ageCheck.due()) {
                long cutoff = clock.millis() - config.maxAgeS() * 1000;
                drop(store.idsOlderThan(cutoff), "older than outbox.max_age_s");
                dropHeld(held.olderThan(cutoff), "older than outbox.max_age_s");
            }
            // Each loop ends when a drop finds nothing on disk (what is left is still being appended).
            while (counters.depth() > config.maxMessages()) {
                int n = (int) Math.min(10_000, counters.depth() - config.maxMessages());
                if (drop(store.oldestIds(n), "over outbox.max_messages") == 0) {
                    break;
                }
            }
            while (counters.bytes() > config.maxBytes() && counters.depth() > 0) {
                long excess = counters.bytes() - config.maxBytes();
                long average = Math.max(1, counters.bytes() / counters.depth());
                int n = (int) Math.min(1000, Math.max(1, (excess + average - 1) / average));
                if (drop(store.oldestIds(n), "over outbox.max_bytes") == 0) {
                    break;
                }
            }
        } catch (SQLException e) {
            LOG.warn("outbox bound check failed: {}", e.getMessage());
        }
        while (counters.depth() > config.maxMessages() && !held.isEmpty()) {
            dropHeld(held.oldest((int) Math.min(10_000, counters.depth() - config.maxMessages())),
                    "over outbox.max_messages");
        }
        while (counters.bytes() > config.maxBytes() && !held.isEmpty()) {
            dropHeld(held.oldest(100), "over outbox.max_bytes");
        }
        if (!unlogged.isEmpty() && logCheck.due()) {
            unlogged.forEach((why, n) -> LOG.warn("outbox dropped the {} oldest messages ({})", n, why));
            unlogged.clear();
        }
    }

    private void dropped(long n, String why) {
        counters.dropped(n);
        unlogged.merge(why, n, Long::sum);
    }

    private void dropHeld(List<Long> ids, String why) {
        if (ids.isEmpty()) {
            return;
        }
        for (long id : ids) {
            cache.remove(id);
            counters.removed(held.release(id));
        }
        dropped(ids.size(), why + ", kept in memory");
    }

    private long drop(long[] ids, String why) throws SQLException {
        if (ids.length == 0) {
            return 0;
        }
        for (long id : ids) {
            cache.remove(id);
        }
        long[] n = {0};
        store.delete(ids, ids.length, (id, bytes) -> {
            if (counters.removedRow(id, bytes)) {
                n[0]++;
            }
        });
        dropped(n[0], why);
        return n[0];
    }
}
