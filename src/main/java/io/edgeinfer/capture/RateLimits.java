package io.edgeinfer.capture;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per reason: each may keep its {@code capture.rate_per_min} items a minute, in a
 * burst of up to a minute's worth, so a drifting machine cannot fill the card with near-copies of one
 * window. Thread-safe: reasons are handed in from the inference thread and from elsewhere (a shadow
 * model's thread).
 */
final class RateLimits {
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final LongSupplier nanos;

    /** @param perMinute items a minute by reason; @param nanos a monotonic clock ({@link System#nanoTime} in the daemon) */
    RateLimits(Map<String, Double> perMinute, LongSupplier nanos) {
        this.nanos = nanos;
        long now = nanos.getAsLong();
        perMinute.forEach((reason, rate) -> buckets.put(reason, new Bucket(rate, now)));
    }

    /** Takes one token of {@code reason}'s bucket; false when it is empty (or the reason is unknown). */
    boolean take(String reason) {
        Bucket b = buckets.get(reason);
        return b != null && b.take(nanos.getAsLong());
    }

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(double perMinute, long now) {
            this.capacity = Math.max(1, perMinute);
            this.perNano = perMinute / 60e9;
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean take(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
