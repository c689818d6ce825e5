package io.edgeinfer.mqtt.paho;

import io.edgeinfer.outbox.OutboxRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The unacknowledged publishes of one connection, at most {@code mqtt.max_inflight} (a full window
 * makes the sender wait: back-pressure, not loss). Outbox records are kept until the broker
 * acknowledges them, so one it never acknowledges can be sent again while the link stays up;
 * transient messages (telemetry, status) hold a place until acknowledged or given up.
 */
final class InFlightWindow {
    private final int size;
    private final Semaphore places;
    private final Map<Long, Sent> records = new ConcurrentHashMap<>();
    private final Map<Object, Long> transients = new ConcurrentHashMap<>();

    /** A record on its way, and when it was (last) sent, in clock milliseconds. */
    record Sent(OutboxRecord record, long atMs) {
    }

    InFlightWindow(int size) {
        this.size = size;
        this.places = new Semaphore(size);
    }

    boolean enter(long timeoutMs) throws InterruptedException {
        return places.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS);
    }

    boolean tryEnter() {
        return places.tryAcquire();
    }

    /** Recorded before the publish, so an acknowledgement cannot overtake it. */
    void sending(OutboxRecord r, long nowMs) {
        records.put(r.id(), new Sent(r, nowMs));
    }

    /** The broker acknowledged record {@code id}: true the first time (its place is free again). */
    boolean acked(long id) {
        if (records.remove(id) == null) {
            return false;
        }
        places.release();
        return true;
    }

    /** The publish of a record failed before it left: it is not in flight. */
    void notSent(long id) {
        acked(id);
    }

    Object sendingTransient(long nowMs) {
        Object key = new Object();
        transients.put(key, nowMs);
        return key;
    }

    void transientDone(Object key) {
        if (transients.remove(key) != null) {
            places.release();
        }
    }

    /**
     * The oldest (by id) records sent before {@code cutoffMs} and not acknowledged, at most
     * {@code max}; their clocks restart at {@code nowMs}, as they are about to be sent again.
     */
    List<OutboxRecord> overdue(long cutoffMs, long nowMs, int max) {
        List<OutboxRecord> out = new ArrayList<>();
        for (Sent s : records.values()) {
            if (s.atMs() < cutoffMs) {
                out.add(s.record());
            }
        }
        out.sort(Comparator.comparingLong(OutboxRecord::id));
        List<OutboxRecord> taken = out.subList(0, Math.min(max, out.size()));
        for (OutboxRecord r : taken) {
            records.computeIfPresent(r.id(), (id, s) -> new Sent(r, nowMs));
        }
        return taken;
    }

    /** Gives up transient messages sent before {@code cutoffMs}; returns how many. */
    int expireTransients(long cutoffMs) {
        int n = 0;
        for (Map.Entry<Object, Long> e : transients.entrySet()) {
            if (e.getValue() < cutoffMs && transients.remove(e.getKey()) != null) {
                places.release();
                n++;
            }
        }
        return n;
    }

    int inFlight() {
        return size - places.availablePermits();
    }
}
