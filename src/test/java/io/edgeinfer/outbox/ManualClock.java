package io.edgeinfer.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it. */
public final class ManualClock extends Clock {
    private final AtomicLong ms;

    public ManualClock(long ms) {
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
