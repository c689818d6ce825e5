package io.edgeinfer.sensor;

/**
 * The one acquisition thread a source owns: started once, stopped by clearing {@link #running()}
 * and interrupting, joined with a bound so a wedged driver cannot hold up shutdown.
 */
public final class AcquisitionThread {
    private final String name;
    private volatile boolean running;
    private Thread thread;

    public AcquisitionThread(String name) {
        this.name = name;
    }

    /** Starts {@code body} on a new daemon thread; a second start is a programming error. */
    public synchronized void start(Runnable body) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** False once {@link #stop} was called: the body's loop condition. */
    public boolean running() {
        return running;
    }

    /** Waits for the body to end by itself (bounded sources). */
    public void join(long timeoutMs) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(timeoutMs);
        }
    }

    /** Clears {@link #running()}, interrupts the thread and waits up to {@code joinMs}. Idempotent. */
    public void stop(long joinMs) {
        stop(joinMs, () -> {
        });
    }

    /**
     * As {@link #stop(long)}, but runs {@code release} between clearing {@link #running()} and the
     * interrupt: it ends what the body may be blocked on that an interrupt does not end (a child
     * process's output, a file watch). It runs on every call, so it must be idempotent too.
     */
    public void stop(long joinMs, Runnable release) {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        release.run();
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(joinMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
