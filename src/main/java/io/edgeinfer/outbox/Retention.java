package io.edgeinfer.outbox;

import io.edgeinfer.config.OutboxConfig;
import java.sql.SQLException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's bounds ({@code outbox.max_messages}, {@code max_bytes}, {@code max_age_s}): beyond
 * them the oldest records are dropped and counted, so a long outage cannot fill the card. Run by
 * the writer after each group commit; the age bound is checked at most once a second.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final long AGE_CHECK_MS = 1000;

    private final OutboxConfig config;
    private final Clock clock;
    private final SqliteStore store;
    private final RecordCache cache;
    private final OutboxCounters counters;
    private final Cadence ageCheck;

    Retention(OutboxConfig config, Clock clock, SqliteStore store, RecordCache cache, OutboxCounters counters) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.cache = cache;
        this.counters = counters;
        this.ageCheck = new Cadence(clock, AGE_CHECK_MS);
    }

    void apply() {
        try {
            if (ageCheck.due()) {
                drop(store.idsOlderThan(clock.millis() - config.maxAgeS() * 1000), "older than outbox.max_age_s");
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
    }

    private long drop(long[] ids, String why) throws SQLException {
        if (ids.length == 0) {
            return 0;
        }
        for (long id : ids) {
            cache.remove(id);
        }
        long[] n = {0};
        store.delete(ids, ids.length, len -> {
            counters.removed(len);
            n[0]++;
        });
        counters.dropped(n[0]);
        LOG.warn("outbox dropped the {} oldest messages ({})", n[0], why);
        return n[0];
    }
}
