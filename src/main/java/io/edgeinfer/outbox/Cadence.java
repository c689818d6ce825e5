package io.edgeinfer.outbox;

import java.time.Clock;

/**
 * "At most every so often" on the injected clock. A clock that steps back (a Pi without a
 * real-time clock setting its time at boot) makes the next check due instead of stalling it.
 */
final class Cadence {
    private final Clock clock;
    private final long periodMs;
    private boolean started;
    private long last;

    /** The first period starts now. */
    Cadence(Clock clock, long periodMs) {
        this(clock, periodMs, false);
    }

    /** @param dueAtOnce the first {@link #due()} is true, and the first period starts then */
    Cadence(Clock clock, long periodMs, boolean dueAtOnce) {
        this.clock = clock;
        this.periodMs = periodMs;
        this.started = !dueAtOnce;
        this.last = clock.millis();
    }

    /** True (and restarts the period) when a period has passed since the last time it was true. */
    boolean due() {
        if (isDue()) {
            restart();
            return true;
        }
        return false;
    }

    /** Whether a period has passed, without restarting it. */
    boolean isDue() {
        long now = clock.millis();
        return !started || now - last >= periodMs || now < last;
    }

    void restart() {
        started = true;
        last = clock.millis();
    }

    /** Milliseconds until the next {@link #due()} would be true, at least 1. */
    long remainingMs() {
        long left = periodMs - (clock.millis() - last);
        return Math.max(1, Math.min(periodMs, left));
    }
}
