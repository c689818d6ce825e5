package io.edgeinfer.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The simulated outbox: the same contract without a disk, so messages survive broker outages but
 * not a restart ({@code outbox.enabled: false}, tests, benchmarks). Appends commit at once.
 */
public final class MemoryOutbox implements Outbox {
    private final ConcurrentSkipListMap<Long, OutboxRecord> records = new ConcurrentSkipListMap<>();
    private final Clock clock;
    private final long maxMessages;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();

    public MemoryOutbox(Clock clock, long maxMessages) {
        this.clock = clock;
        this.maxMessages = maxMessages;
    }

    @Override
    public void append(String topic, byte[] payload) {
        lock.lock();
        try {
            long id = nextId.getAndIncrement();
            records.put(id, new OutboxRecord(id, topic, payload, clock.millis()));
            bytes.addAndGet(payload.length);
            while (records.size() > maxMessages) {
                Map.Entry<Long, OutboxRecord> oldest = records.pollFirstEntry();
                bytes.addAndGet(-oldest.getValue().payload().length);
                dropped.incrementAndGet();
            }
            committed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<OutboxRecord> read(long afterId, int max) {
        List<OutboxRecord> out = new ArrayList<>(Math.min(max, 64));
        for (OutboxRecord r : records.tailMap(afterId, false).values()) {
            if (out.size() >= max) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    @Override
    public long lastCommittedId() {
        return nextId.get() - 1;
    }

    @Override
    public void awaitCommitted(long afterId, long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (lastCommittedId() <= afterId && nanos > 0) {
                nanos = committed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void ack(long id) {
        OutboxRecord r = records.remove(id);
        if (r != null) {
            bytes.addAndGet(-r.payload().length);
        }
    }

    @Override
    public void flush() {
        // Appends are visible at once.
    }

    @Override
    public OutboxStats stats() {
        return new OutboxStats(records.size(), bytes.get(), dropped.get(), OutboxStats.MEMORY,
                "outbox.enabled is false", null);
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
