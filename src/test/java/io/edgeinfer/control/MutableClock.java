package io.edgeinfer.control;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {
    private final AtomicLong ms;

    public MutableClock(long ms) {
        this.ms = new AtomicLong(ms);
    }

    public void advance(long deltaMs) {
        ms.addAndGet(deltaMs);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return ms.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(ms.get());
    }
}
