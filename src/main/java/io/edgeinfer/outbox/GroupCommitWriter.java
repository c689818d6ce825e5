package io.edgeinfer.outbox;

import io.edgeinfer.config.OutboxConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outbox's one writer thread. Appends wait in memory and are committed in groups (every
 * {@code commit_interval_ms}), so an SD card sees one small write per group, not per message;
 * acknowledgements are deleted in batches the same way. After each group the bounds are applied.
 * What a group does to the store, and what happens when the disk refuses it, is {@link StoreWrites}.
 */
final class GroupCommitWriter {
    private static final int ACK_BATCH = 500;
    private static final long ACK_FLUSH_MS = 200;
    private static final long IDLE_WAIT_MS = 1000;

    private final OutboxConfig config;
    private final Clock clock;
    private final OutboxCounters counters;
    private final Retention retention;
    private final StoreWrites writes;
    private final Cadence ackFlush;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition committed = lock.newCondition();
    private List<OutboxRecord> pending = new ArrayList<>();
    private long[] acks = new long[ACK_BATCH];
    private int ackCount;
    private long nextId;
    private volatile long lastCommitted;
    private boolean flushRequested;
    private long flushRequests;
    private long flushesDone;
    private boolean started;
    private boolean closing;
    private boolean closed;

    /** What one turn of the writer does: commit a batch, delete acknowledged ids, serve flushes up to a ticket. */
    private record Turn(List<OutboxRecord> batch, long[] acks, long ticket, boolean last) {
    }

    /** @param lastId the newest id already in the store (0 for none) */
    GroupCommitWriter(OutboxConfig config, Clock clock, OutboxCounters counters, Retention retention,
            StoreWrites writes,
            long lastId) {
        this.config = config;
        this.clock = clock;
        this.counters = counters;
        this.retention = retention;
        this.writes = writes;
        this.nextId = lastId + 1;
        this.lastCommitted = lastId;
        this.ackFlush = new Cadence(clock, ACK_FLUSH_MS);
        this.thread = new Thread(this::run, "edgeinfer-outbox");
        thread.setDaemon(true);
    }

    void start() {
        lock.lock();
        try {
            if (!started && !closed) {
                started = true;
                thread.start();
            }
        } finally {
            lock.unlock();
        }
    }

    void append(String topic, byte[] payload) {
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("outbox closed");
            }
            pending.add(new OutboxRecord(nextId++, topic, payload, clock.millis()));
            counters.appended(payload.length);
            if (pending.size() == 1) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    void ack(long id) {
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

    long lastCommitted() {
        return lastCommitted;
    }

    void awaitCommitted(long afterId, long timeoutMs) throws InterruptedException {
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

    void flush() throws InterruptedException {
        lock.lock();
        try {
            if (!started) {
                throw new IllegalStateException("outbox not started");
            }
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

    private void run() {
        while (true) {
            Turn turn;
            try {
                turn = nextTurn();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            commit(turn.batch());
            writes.deleteAcked(turn.acks());
            retention.apply();
            lock.lock();
            try {
                flushesDone = turn.ticket();
                committed.signalAll();
            } finally {
                lock.unlock();
            }
            if (turn.last()) {
                return;
            }
        }
    }

    private Turn nextTurn() throws InterruptedException {
        lock.lock();
        try {
            if (pending.isEmpty() && !flushRequested && !closing) {
                work.await(ackCount > 0 ? ackFlush.remainingMs() : IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
            if (!pending.isEmpty() && !flushRequested && !closing) {
                // Group commit: let more appends join this one.
                work.await(config.commitIntervalMs(), TimeUnit.MILLISECONDS);
            }
            // A flush also deletes what was acknowledged, so depth is exact when it returns.
            boolean forced = flushRequested || closing;
            flushRequested = false;
            List<OutboxRecord> batch = pending;
            pending = new ArrayList<>();
            long[] ackBatch = new long[0];
            if (ackCount > 0 && (forced || ackCount >= ACK_BATCH || ackFlush.due())) {
                ackBatch = Arrays.copyOf(acks, ackCount);
                ackCount = 0;
            }
            return new Turn(batch, ackBatch, flushRequests, closing && batch.isEmpty() && ackCount == 0);
        } finally {
            lock.unlock();
        }
    }

    private void commit(List<OutboxRecord> batch) {
        writes.commit(batch);
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            lastCommitted = batch.get(batch.size() - 1).id();
            committed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Commits what is pending, deletes what was acknowledged, and stops the thread. Idempotent. */
    void close() {
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
        start(); // a writer never started still commits what was appended
        try {
            thread.join(10_000);
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
    }
}
