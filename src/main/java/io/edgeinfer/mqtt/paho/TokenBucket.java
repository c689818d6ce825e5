package io.edgeinfer.mqtt.paho;

/** A rate limit: tokens refill at {@code ratePerS}, at most one second's worth banked. Single-threaded use. */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    TokenBucket(double ratePerS) {
        this.ratePerNano = ratePerS / 1e9;
        this.capacity = Math.max(1, ratePerS);
        this.tokens = capacity;
    }

    /** Takes up to {@code n} whole tokens; returns how many it got. */
    int take(int n) {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
        last = now;
        int got = (int) Math.min(n, Math.floor(tokens));
        tokens -= got;
        return got;
    }

    void giveBack(int n) {
        tokens = Math.min(capacity, tokens + n);
    }
}
