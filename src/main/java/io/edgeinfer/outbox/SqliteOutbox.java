package io.edgeinfer.outbox;

import io.edgeinfer.config.OutboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: SQLite in WAL mode, written by one thread in group commits (every
 * {@code commit_interval_ms}) so an SD card sees one small write per group, not per message.
 * Recently committed records are also kept in memory, so the live send path never reads the disk;
 * the backlog after an outage or restart is read from the file in pages.
 */
public final class SqliteOutbox implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteOutbox.class);
    private static final int CACHE_MAX = 20_000;
    private static final int ACK_BATCH = 500;
    static final long ACK_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long AGE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final OutboxConfig config;
    private final Clock clock;
    private final SqliteStore store;
    private final OutboxStats.Recovery recovery;
    private final ReentrantLock dbLock = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition committed = lock.newCondition();
    /** Every committed, unacknowledged record with id >= cacheFloor is in the cache. */
    private final ConcurrentSkipListMap<Long, OutboxRecord> cache = new ConcurrentSkipListMap<>();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private List<OutboxRecord> pending = new ArrayList<>();
    private long[] acks = new long[ACK_BATCH];
    private int ackCount;
    private long nextId;
    private volatile long lastCommitted;
    private volatile long cacheFloor;
    private boolean flushRequested;
    private long flushRequests;
    private long flushesDone;
    private boolean closing;
    private boolean closed;

    private SqliteOutbox(OutboxConfig config, Clock clock, SqliteStore store, OutboxStats.Recovery recovery)
            throws SQLException {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.recovery = recovery;
        long[] summary = store.summary();
        depth.set(summary[0]);
        bytes.set(summary[1]);
        lastCommitted = summary[2];
        nextId = summary[2] + 1;
        cacheFloor = nextId;
        writer = new Thread(this::runWriter, "edgeinfer-outbox");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens (or creates) the store. A damaged file is moved aside, read as far as it can be, and a
     * fresh store takes what was recovered; {@link OutboxStats#recovery()} says what happened.
     */
    public static SqliteOutbox open(OutboxConfig config, Clock clock) throws OutboxException {
        Path file = config.path();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new OutboxException("cannot create the outbox directory " + file.getParent() + ": " + e.getMessage(), e);
        }
        try {
            return new SqliteOutbox(config, clock, new SqliteStore(file.toString()), null);
        } catch (SQLException e) {
            if (isBusy(e)) {
                throw new OutboxException("outbox " + file + " is in use by another process", e);
            }
            return recover(config, clock, e);
        }
    }

    private static SqliteOutbox recover(OutboxConfig config, Clock clock, SQLException cause) throws OutboxException {
        Path file = config.path();
        Path moved = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
        try {
            Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE);
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, moved.resolveSibling(moved.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            SqliteStore fresh = new SqliteStore(file.toString());
            long recovered = SqliteStore.salvage(moved.toString(), fresh);
            OutboxStats.Recovery r = new OutboxStats.Recovery(moved.toString(), recovered, cause.getMessage());
            LOG.error("outbox {} was damaged ({}); moved to {}, {} messages recovered, the rest could not be read",
                    file, cause.getMessage(), moved, recovered);
            return new SqliteOutbox(config, clock, fresh, r);
        } catch (IOException | SQLException e) {
            throw new OutboxException("outbox " + file + " is damaged (" + cause.getMessage()
                    + ") and could not be replaced: " + e.getMessage(), e);
        }
    }

    private static boolean isBusy(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_BUSY") || m.contains("database is locked");
    }

    @Override
    public void append(String topic, byte[] payload) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("outbox closed");
            }
            pending.add(new OutboxRecord(nextId++, topic, payload, clock.millis()));
            depth.incrementAndGet();
            bytes.addAndGet(payload.length);
            if (pending.size() == 1) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<OutboxRecord> read(long afterId, int max) {
        while (true) {
            long floor = cacheFloor;
            if (afterId + 1 < floor) {
                List<OutboxRecord> fromDisk = readDisk(afterId, floor, max);
                if (!fromDisk.isEmpty()) {
                    return fromDisk;
                }
                afterId = floor - 1;
            }
            List<OutboxRecord> out = new ArrayList<>(Math.min(max, 64));
            for (OutboxRecord r : cache.tailMap(afterId, false).values()) {
                if (out.size() >= max) {
                    break;
                }
                out.add(r);
            }
            if (cacheFloor == floor) {
                return out;
            }
            // The writer evicted records while we read: they are on disk now; read again.
        }
    }

    private List<OutboxRecord> readDisk(long afterId, long beforeId, int max) {
        dbLock.lock();
        try {
            return store.read(afterId, beforeId, max);
        } catch (SQLException e) {
            LOG.warn("outbox read failed: {}", e.getMessage());
            return List.of();
        } finally {
            dbLock.unlock();
        }
    }

    @Override
    public long lastCommittedId() {
        return lastCommitted;
    }

    @Override
    public void awaitCommitted(long afterId, long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (lastCommitted <= afterId && nanos > 0 && !closed) {
                nanos = committed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void ack(long id) {
        cache.remove(id);
        lock.lock();
        try {
            if (ackCount == acks.length) {
                acks = Arrays.copyOf(acks, acks.length * 2);
            }
            acks[ackCount++] = id;
            if (ackCount >= ACK_BATCH) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns once everything appended before the call is committed and the bounds applied. */
    @Override
    public void flush() throws InterruptedException {
        lock.lock();
        try {
            long ticket = ++flushRequests;
            flushRequested = true;
            work.signal();
            while (flushesDone < ticket && !closed) {
                committed.await(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public OutboxStats stats() {
        return new OutboxStats(depth.get(), bytes.get(), dropped.get(), recovery);
    }

    private void runWriter() {
        long lastAckFlush = System.nanoTime();
        long lastAgeCheck = System.nanoTime();
        while (true) {
            List<OutboxRecord> batch;
            long[] ackBatch = null;
            int acksN = 0;
            boolean exit;
            long serving;
            try {
                lock.lock();
                try {
                    long idle = idleNanos(pending.size(), ackCount, System.nanoTime() - lastAckFlush, closing || flushRequested);
                    if (idle > 0) {
                        work.awaitNanos(idle);
                    }
                    if (!pending.isEmpty() && !flushRequested && !closing) {
                        // Group commit: let more appends join this one.
                        work.await(config.commitIntervalMs(), TimeUnit.MILLISECONDS);
                    }
                    flushRequested = false;
                    serving = flushRequests;
                    batch = pending;
                    pending = new ArrayList<>();
                    long now = System.nanoTime();
                    if (ackCount > 0 && (ackCount >= ACK_BATCH || now - lastAckFlush > ACK_FLUSH_NANOS || closing)) {
                        ackBatch = acks;
                        acksN = ackCount;
                        acks = new long[ACK_BATCH];
                        ackCount = 0;
                        lastAckFlush = now;
                    }
                    exit = closing && batch.isEmpty() && ackCount == 0 && acksN == 0;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            commit(batch);
            if (acksN > 0) {
                deleteAcked(ackBatch, acksN);
            }
            enforceBounds(System.nanoTime() - lastAgeCheck > AGE_CHECK_NANOS);
            if (System.nanoTime() - lastAgeCheck > AGE_CHECK_NANOS) {
                lastAgeCheck = System.nanoTime();
            }
            lock.lock();
            try {
                flushesDone = serving;
                committed.signalAll();
            } finally {
                lock.unlock();
            }
            if (exit) {
                return;
            }
        }
    }

    /**
     * How long the writer may sleep before its next round when nothing is to be committed: until
     * the acknowledged ids waiting for their batched delete are due, else a second (an append, a
     * full ack batch, a flush or a close wakes it sooner). Zero when there is work now. Going round
     * at once while a few acks wait (the delete is due only {@link #ACK_FLUSH_NANOS} after the last
     * one) would spin the thread, and with it the sender that each round wakes, for that long after
     * every acknowledgement.
     */
    static long idleNanos(int pendingRecords, int acksWaiting, long sinceAckFlushNanos, boolean closingOrFlush) {
        if (pendingRecords > 0 || closingOrFlush || acksWaiting >= ACK_BATCH) {
            return 0;
        }
        if (acksWaiting == 0) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return Math.max(0, ACK_FLUSH_NANOS - sinceAckFlushNanos);
    }

    private void commit(List<OutboxRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        dbLock.lock();
        try {
            store.insert(batch);
        } catch (SQLException e) {
            // Disk full or failing card: keep the messages in memory and say so; they still go out.
            LOG.error("outbox commit of {} messages failed, kept in memory only: {}", batch.size(), e.getMessage());
        } finally {
            dbLock.unlock();
        }
        for (OutboxRecord r : batch) {
            cache.put(r.id(), r);
        }
        while (cache.size() > CACHE_MAX) {
            cache.pollFirstEntry();
            cacheFloor = cache.firstKey();
        }
        lock.lock();
        try {
            lastCommitted = batch.get(batch.size() - 1).id();
            committed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void deleteAcked(long[] ids, int n) {
        dbLock.lock();
        try {
            store.delete(ids, n, len -> {
                depth.decrementAndGet();
                bytes.addAndGet(-len);
            });
        } catch (SQLException e) {
            LOG.warn("outbox acknowledgement delete failed (messages may be sent again, flagged replayed): {}", e.getMessage());
        } finally {
            dbLock.unlock();
        }
    }

    private void enforceBounds(boolean checkAge) {
        try {
            if (checkAge) {
                drop(dbIds(() -> store.idsOlderThan(clock.millis() - config.maxAgeS() * 1000)), "older than outbox.max_age_s");
            }
            // Each loop ends when a drop finds nothing on disk (what is left is still being appended).
            while (depth.get() > config.maxMessages()) {
                if (drop(dbIds(() -> store.oldestIds((int) Math.min(10_000, depth.get() - config.maxMessages()))),
                        "over outbox.max_messages") == 0) {
                    break;
                }
            }
            while (bytes.get() > config.maxBytes() && depth.get() > 0) {
                long excess = bytes.get() - config.maxBytes();
                long average = Math.max(1, bytes.get() / depth.get());
                int n = (int) Math.min(1000, Math.max(1, (excess + average - 1) / average));
                if (drop(dbIds(() -> store.oldestIds(n)), "over outbox.max_bytes") == 0) {
                    break;
                }
            }
        } catch (SQLException e) {
            LOG.warn("outbox bound check failed: {}", e.getMessage());
        }
    }

    private interface IdQuery {
        long[] run() throws SQLException;
    }

    private long[] dbIds(IdQuery q) throws SQLException {
        dbLock.lock();
        try {
            return q.run();
        } finally {
            dbLock.unlock();
        }
    }

    private long drop(long[] ids, String why) throws SQLException {
        if (ids.length == 0) {
            return 0;
        }
        for (long id : ids) {
            cache.remove(id);
        }
        long before = depth.get();
        dbLock.lock();
        try {
            store.delete(ids, ids.length, len -> {
                depth.decrementAndGet();
                bytes.addAndGet(-len);
            });
        } finally {
            dbLock.unlock();
        }
        long n = before - depth.get();
        dropped.addAndGet(n);
        LOG.warn("outbox dropped the {} oldest messages ({})", n, why);
        return n;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            closed = true;
            committed.signalAll();
        } finally {
            lock.unlock();
        }
        dbLock.lock();
        try {
            store.close();
        } catch (SQLException e) {
            LOG.warn("outbox close: {}", e.getMessage());
        } finally {
            dbLock.unlock();
        }
    }
}
