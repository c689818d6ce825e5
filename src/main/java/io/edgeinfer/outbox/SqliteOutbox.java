package io.edgeinfer.outbox;

import io.edgeinfer.config.OutboxConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: SQLite in WAL mode ({@link SqliteStore}), opened and if need be recovered by
 * {@link StoreOpener}, written by one thread in group commits ({@link GroupCommitWriter}), bounded by
 * {@link Retention}, with recent records in memory ({@link RecordCache}) so the live send path never
 * reads the disk. {@link #open} touches only the file; {@link #start} starts the writer thread.
 */
public final class SqliteOutbox implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteOutbox.class);

    private final SqliteStore store;
    private final OutboxStats.Recovery recovery;
    private final OutboxCounters counters;
    private final RecordCache cache;
    private final Durability durability;
    private final GroupCommitWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteOutbox(OutboxConfig config, Clock clock, StoreOpener.Opened opened) throws SQLException {
        this.store = opened.store();
        this.recovery = opened.recovery();
        long[] summary = store.summary();
        this.counters = new OutboxCounters(summary[0], summary[1]);
        this.cache = new RecordCache(store, summary[2] + 1);
        HeldInMemory held = new HeldInMemory();
        this.durability = new Durability(config.path(), clock);
        Retention retention = new Retention(config, clock, store, cache, counters, held);
        StoreWrites writes = new StoreWrites(store, cache, counters, durability, held);
        this.writer = new GroupCommitWriter(config, clock, counters, retention, writes, summary[2]);
    }

    /**
     * Opens (or creates) the store. A damaged file is moved aside, read as far as it can be, and a
     * fresh store takes what was recovered; {@link OutboxStats#recovery()} says what happened.
     * Nothing is written until {@link #start}.
     */
    public static SqliteOutbox open(OutboxConfig config, Clock clock) throws OutboxException {
        StoreOpener.Opened opened = StoreOpener.open(config.path(), clock);
        try {
            return new SqliteOutbox(config, clock, opened);
        } catch (SQLException e) {
            closeQuietly(opened.store());
            throw new OutboxException("outbox " + config.path() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Starts the writer thread: appends are committed from now on. */
    @Override
    public void start() {
        writer.start();
    }

    @Override
    public void append(String topic, byte[] payload) {
        writer.append(topic, payload);
    }

    @Override
    public List<OutboxRecord> read(long afterId, int max) {
        return cache.read(afterId, max);
    }

    @Override
    public long lastCommittedId() {
        return writer.lastCommitted();
    }

    @Override
    public void awaitCommitted(long afterId, long timeoutMs) throws InterruptedException {
        writer.awaitCommitted(afterId, timeoutMs);
    }

    @Override
    public void ack(long id) {
        cache.remove(id);
        writer.ack(id);
    }

    /**
     * Returns once everything appended before the call is committed, everything acknowledged is
     * deleted, and the bounds are applied.
     */
    @Override
    public void flush() throws InterruptedException {
        writer.flush();
    }

    @Override
    public OutboxStats stats() {
        return new OutboxStats(counters.depth(), counters.bytes(), counters.droppedTotal(), durability.mode(),
                durability.reason(), recovery);
    }

    @Override
    public void onModeChange(Runnable listener) {
        durability.onChange(listener);
    }

    /** Lets tests make SQLite refuse writes the way a full disk does ({@code PRAGMA max_page_count}). */
    void limitPages(long pages) throws SQLException {
        store.limitPages(pages);
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        writer.close();
        closeQuietly(store);
    }

    private static void closeQuietly(SqliteStore store) {
        try {
            store.close();
        } catch (SQLException e) {
            LOG.warn("outbox close: {}", e.getMessage());
        }
    }
}
