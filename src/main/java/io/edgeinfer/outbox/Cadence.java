package io.edgeinfer.outbox;

import java.time.Clock;

/**
 * "At most every so often" on the injected clock. A clock that steps back (a Pi without a
 * real-time clock setting its time at boot) makes the next check due instead of stalling it.
 */
final class Cadence {
    private final Clock clock;
    private final long periodMs;
    private long last;

    Cadence(Clock clock, long periodMs) {
        this.clock = clock;
        this.periodMs = periodMs;
        this.last = clock.millis();
    }

    /** True (and restarts the period) when a period has passed since the last time it was true. */
    boolean due() {
        long now = clock.millis();
        if (now - last >= periodMs || now < last) {
            last = now;
            return true;
        }
        return false;
    }

    /** Milliseconds until the next {@link #due()} would be true, at least 1. */
    long remainingMs() {
        long left = periodMs - (clock.millis() - last);
        return Math.max(1, Math.min(periodMs, left));
    }
}
