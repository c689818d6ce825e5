package io.edgeinfer.sensor;

/** Capped exponential backoff between attempts to reach a device or restart a process. */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private long nextMs;

    public Backoff(long initialMs, long maxMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.nextMs = initialMs;
    }

    /** The default for devices and cameras: 0.5 s, doubling up to 30 s. */
    public static Backoff standard() {
        return new Backoff(500, 30_000);
    }

    /** The wait before the next attempt; each call doubles the one after, up to the cap. */
    public synchronized long nextMillis() {
        long now = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return now;
    }

    /** After a success: the next failure waits the initial time again. */
    public synchronized void reset() {
        nextMs = initialMs;
    }
}
