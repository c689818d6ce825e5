package io.edgeinfer.mqtt;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: each wait is uniform in [min, cap], cap doubling from min
 * to max. Jitter keeps a fleet that lost its broker together from reconnecting in lockstep.
 */
public final class Backoff {
    private final long minMs;
    private final long maxMs;
    private final RandomGenerator random;
    private long cap;

    public Backoff(long minMs, long maxMs, RandomGenerator random) {
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.random = random;
        this.cap = minMs;
    }

    /** The next wait in milliseconds. */
    public long next() {
        long wait = cap <= minMs ? minMs : minMs + (long) (random.nextDouble() * (cap - minMs));
        cap = Math.min(maxMs, cap * 2);
        return wait;
    }

    public void reset() {
        cap = minMs;
    }
}
