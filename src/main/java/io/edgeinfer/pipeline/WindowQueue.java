package io.edgeinfer.pipeline;

import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.model.Window;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over from acquisition to inference. When inference falls behind, the configured
 * policy decides: drop the oldest waiting window (counted, acquisition never stalls) or make the
 * producer wait (nothing lost; for replays and benchmarks).
 */
public final class WindowQueue {
    private final int capacity;
    private final Overflow overflow;
    private final ArrayDeque<Window> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final AtomicLong dropped = new AtomicLong();

    public WindowQueue(int capacity, Overflow overflow) {
        this.capacity = capacity;
        this.overflow = overflow;
        this.items = new ArrayDeque<>(capacity);
    }

    /** Adds a window; with {@code block} waits for room. */
    public void put(Window w) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.size() >= capacity) {
                if (overflow == Overflow.DROP_OLDEST) {
                    items.pollFirst();
                    dropped.incrementAndGet();
                } else {
                    notFull.await();
                }
            }
            items.addLast(w);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest window, or null if none arrives within the timeout. */
    public Window poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Window w = items.pollFirst();
            notFull.signal();
            return w;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Windows dropped because the queue was full (drop-oldest policy). */
    public long droppedTotal() {
        return dropped.get();
    }
}
