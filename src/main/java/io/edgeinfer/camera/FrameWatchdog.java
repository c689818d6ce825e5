package io.edgeinfer.camera;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a camera process that is alive but sends no frames (a hung libcamera pipeline or USB
 * camera): armed when a process starts, it runs its stall action once when no frame arrived for the
 * timeout, or for the timeout plus a start grace before the first frame (the camera warms up).
 * While the pipeline holds a frame (overflow {@code block}) the process is not read from, so that
 * time never counts as a stall. Checks run on one daemon thread a few times per timeout.
 */
final class FrameWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameWatchdog.class);

    private final long timeoutNanos;
    private final long startGraceNanos;
    private final LongSupplier nanoTime;
    private ScheduledExecutorService timer;
    private Runnable onStall;
    private long deadline;
    private boolean held;

    /** @param nanoTime {@link System#nanoTime} outside tests */
    FrameWatchdog(Duration timeout, Duration startGrace, LongSupplier nanoTime) {
        this.timeoutNanos = timeout.toNanos();
        this.startGraceNanos = startGrace.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Starts checking on a daemon thread named {@code threadName}, every tenth of the timeout (50 ms to 1 s). */
    synchronized void start(String threadName) {
        if (timer != null) {
            throw new IllegalStateException("already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long period = Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeoutNanos
                / 10));
        timer.scheduleWithFixedDelay(this::checkSafely, period, period, TimeUnit.NANOSECONDS);
    }

    /** A process started: {@code onStall} runs once if it sends no first frame within timeout + start grace. */
    synchronized void arm(Runnable onStall) {
        this.onStall = onStall;
        held = false;
        deadline = nanoTime.getAsLong() + timeoutNanos + startGraceNanos;
    }

    /** A complete frame arrived: the next is due within the timeout. */
    synchronized void frame() {
        deadline = nanoTime.getAsLong() + timeoutNanos;
    }

    /** The pipeline holds the current frame (it may block): no stall until {@link #release}. */
    synchronized void hold() {
        held = true;
    }

    /** The pipeline took the frame: reading resumes, and the next frame is due within the timeout. */
    synchronized void release() {
        held = false;
        frame();
    }

    /** The process ended by itself: nothing more to watch until the next {@link #arm}. */
    synchronized void disarm() {
        onStall = null;
    }

    /** Runs the stall action if the deadline passed (and then disarms); true if it ran. */
    boolean check() {
        Runnable action;
        synchronized (this) {
            if (onStall == null || held || nanoTime.getAsLong() - deadline < 0) {
                return false;
            }
            action = onStall;
            onStall = null;
        }
        action.run();
        return true;
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("camera watchdog: {}", e.toString(), e); // the next check still runs
        }
    }

    /** Stops checking; an action under way is interrupted. Idempotent. */
    @Override
    public synchronized void close() {
        onStall = null;
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
