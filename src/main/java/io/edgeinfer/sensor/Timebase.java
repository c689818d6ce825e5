package io.edgeinfer.sensor;

import java.time.Clock;
import java.time.Instant;

/**
 * Epoch nanoseconds read from the monotonic clock, anchored to the wall clock once: timestamps that
 * never step backwards or jump when NTP corrects the wall clock, for sample times.
 */
public final class Timebase {
    private final long offset;

    public Timebase(Clock clock) {
        Instant now = clock.instant();
        this.offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    /** Now, in epoch nanoseconds. */
    public long nowNanos() {
        return toEpoch(System.nanoTime());
    }

    /** A {@link System#nanoTime()} reading in epoch nanoseconds. */
    public long toEpoch(long nanoTime) {
        return nanoTime + offset;
    }
}
