package io.edgeinfer.pipeline.shadow;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.ModelOutput;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a candidate model in shadow beside a pipeline's serving model, on the same live windows. It
 * observes the serving inference loop: each finished window goes into a bounded queue with a
 * non-blocking offer (a full queue drops the window and counts it), so the inference thread never
 * waits for the candidate; the candidate runs on the shadow's own thread, and every answer goes to
 * the {@link ShadowListener}s only, never to the prediction sink. Windows the serving model failed on
 * are not shadowed: there is nothing to compare with.
 *
 * <p>The runner owns the candidate and closes it on {@link #close}, once the shadow thread has
 * finished with it (a candidate stuck in native code is left open rather than freed under its feet).
 */
public final class ShadowRunner implements InferenceObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowRunner.class);
    private static final long CLOSE_WAIT_MS = 5000;

    private final ModelRunner candidate;
    private final PostProcessor post;
    private final BlockingQueue<Queued> queue;
    private final Executor executor;
    private final ExecutorService owned;
    private final List<ShadowListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final CountDownLatch idleAfterClose = new CountDownLatch(1);

    private record Queued(Prediction serving, long queuedNanos) {
    }

    /**
     * @param capacity windows that may wait for the candidate; more are dropped
     * @param executor where the candidate runs; one task at a time ever runs there for this runner
     */
    public ShadowRunner(ModelRunner candidate, int capacity, Executor executor) {
        this(candidate, capacity, executor, null);
    }

    private ShadowRunner(ModelRunner candidate, int capacity, Executor executor, ExecutorService owned) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.candidate = candidate;
        this.post = new PostProcessor(candidate.info().labels());
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.executor = executor;
        this.owned = owned;
    }

    /** A runner with a thread of its own named {@code threadName} (the daemon's: one per shadowed pipeline). */
    public static ShadowRunner onOwnThread(ModelRunner candidate, int capacity, String threadName) {
        ExecutorService e = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        return new ShadowRunner(candidate, capacity, e, e);
    }

    public void addListener(ShadowListener l) {
        listeners.add(l);
    }

    public ModelInfo candidate() {
        return candidate.info();
    }

    /** On the inference thread: hand the window on, or drop it when the shadow is behind. Never blocks. */
    @Override
    public void inferred(Prediction p) {
        if (closed.get()) {
            return;
        }
        offered.incrementAndGet();
        if (!queue.offer(new Queued(p, System.nanoTime()))) {
            dropped.incrementAndGet();
            return;
        }
        schedule();
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // Nothing to compare the candidate with.
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    /** Runs the candidate on whatever is queued; re-arms itself if a window slipped in as it finished. */
    private void drain() {
        try {
            Queued q;
            while (!closed.get() && (q = queue.poll()) != null) {
                ShadowOutcome out = run(q);
                done.incrementAndGet();
                for (ShadowListener l : listeners) {
                    try {
                        l.compared(q.serving(), out);
                    } catch (RuntimeException e) {
                        LOG.warn("shadow listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
                    }
                }
            }
        } finally {
            draining.set(false);
            if (closed.get()) {
                idleAfterClose.countDown();
            } else if (!queue.isEmpty()) {
                schedule();
            }
        }
    }

    private ShadowOutcome run(Queued q) {
        long start = System.nanoTime();
        long waited = start - q.queuedNanos();
        try {
            ModelOutput out = candidate.predict(q.serving().window());
            String nonFinite = PostProcessor.nonFinite(out.logits());
            if (nonFinite != null) {
                return new ShadowOutcome(null, out.inferenceNanos(), waited, nonFinite, true);
            }
            return new ShadowOutcome(post.classify(out.logits()), out.inferenceNanos(), waited, null, false);
        } catch (InferenceException | RuntimeException e) {
            return new ShadowOutcome(null, System.nanoTime() - start, waited, String.valueOf(e.getMessage()), false);
        }
    }

    /** Windows the serving model handed over so far. */
    public long offered() {
        return offered.get();
    }

    /** Windows dropped because the queue was full (the candidate is slower than the windows arrive). */
    public long dropped() {
        return dropped.get();
    }

    /** Windows the candidate has answered (or failed on). */
    public long compared() {
        return done.get();
    }

    /**
     * Stops taking windows, waits (bounded) for the window in the candidate to finish, and closes the
     * candidate. The caller detaches the runner from the loop first. Idempotent.
     *
     * @return false when the candidate was still busy after the wait, and so was left open
     */
    @Override
    public void close() {
        closeAndCheck();
    }

    /** {@link #close}, saying whether the candidate could be freed. */
    public boolean closeAndCheck() {
        if (!closed.compareAndSet(false, true)) {
            return true;
        }
        queue.clear();
        boolean idle = true;
        if (!draining.compareAndSet(false, true)) {
            try {
                idle = idleAfterClose.await(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                idle = false;
            }
        }
        if (owned != null) {
            owned.shutdown();
        }
        if (idle) {
            candidate.close();
        } else {
            LOG.warn("shadow model {} still busy {} ms after the shadow was stopped: left open", candidate.info()
                    .name(),
                    CLOSE_WAIT_MS);
        }
        return idle;
    }
}
