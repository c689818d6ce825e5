package io.edgeinfer.mqtt.paho;

import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.OutboxRecord;
import java.time.Clock;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox over the current connection, on one thread. A record leaves the outbox only
 * when the broker acknowledged it. Records committed since the connection came up go first; the
 * backlog (everything older still in the outbox, after a reconnect or a restart) follows in id
 * order, flagged {@code replayed}, at most {@code mqtt.replay_rate_per_s}.
 *
 * <p>A broker may drop a publish and keep the connection (Moquette does when a session's command
 * queue is full, under load); MQTT 3.1.1 resends only on a reconnect, so such a record would wait
 * for the next connection. Records left unacknowledged longer than {@link #resendAfterMs} are
 * therefore sent again on the same connection, flagged {@code replayed} like any other copy.
 */
final class OutboxDrain {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDrain.class);
    private static final int PAGE = 64;
    private static final long SWEEP_MS = 1000;

    private final Outbox outbox;
    private final ConnectionSupervisor connection;
    private final Wire wire;
    private final Clock clock;
    private final TokenBucket replayBucket;
    private final DeliveryCounters counters;
    private final long resendAfterMs;
    private final Thread thread;
    private long lastSweepMs;
    private volatile boolean stopped;
    private volatile boolean awaited;

    /**
     * @param resendAfterMs how long a record may stay unacknowledged on a live connection before it
     *     is sent again
     */
    OutboxDrain(Outbox outbox, ConnectionSupervisor connection, Wire wire, Clock clock, int replayRatePerS,
            long resendAfterMs, DeliveryCounters counters) {
        this.outbox = outbox;
        this.connection = connection;
        this.wire = wire;
        this.clock = clock;
        this.replayBucket = new TokenBucket(replayRatePerS);
        this.resendAfterMs = resendAfterMs;
        this.counters = counters;
        this.lastSweepMs = clock.millis();
        this.thread = new Thread(this::run, "edgeinfer-mqtt-send");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!stopped) {
            Session s = connection.session();
            if (s == null || !s.ready()) {
                connection.awaitChange(200);
                continue;
            }
            try {
                resendOverdue(s);
                boolean sent = sendSome(s);
                if (awaited) {
                    connection.signal();
                }
                if (!sent) {
                    if (!s.backlogDone) {
                        Thread.sleep(2); // the replay rate's next token
                    } else {
                        outbox.awaitCommitted(s.liveCursor, 100);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("MQTT sender error (continuing): {}", e.toString(), e);
            }
        }
    }

    /** Sends what is ready: new records first, then a rate-limited share of the backlog. */
    private boolean sendSome(Session s) throws InterruptedException {
        boolean sent = false;
        for (OutboxRecord r : outbox.read(s.liveCursor, PAGE)) {
            if (!send(s, r, false)) {
                return sent;
            }
            s.liveCursor = r.id();
            sent = true;
        }
        if (!s.backlogDone) {
            sent |= replaySome(s);
        }
        return sent;
    }

    private boolean replaySome(Session s) throws InterruptedException {
        int allowance = replayBucket.take(PAGE);
        int used = 0;
        if (allowance > 0) {
            List<OutboxRecord> batch = outbox.read(s.backlogCursor, allowance);
            if (batch.isEmpty() || batch.get(0).id() >= s.liveFrom) {
                s.backlogDone = true;
            }
            for (OutboxRecord r : batch) {
                if (r.id() >= s.liveFrom) {
                    s.backlogDone = true;
                    break;
                }
                if (!send(s, r, true)) {
                    break;
                }
                s.backlogCursor = r.id();
                used++;
            }
        }
        replayBucket.giveBack(allowance - used);
        if (s.backlogDone) {
            LOG.info("MQTT backlog replayed");
        }
        return used > 0;
    }

    private boolean send(Session s, OutboxRecord r, boolean replay) throws InterruptedException {
        while (!s.window.enter(100)) {
            if (!s.ready() || stopped) {
                return false;
            }
            resendOverdue(s); // a window full of messages the broker lost would never drain by itself
        }
        s.window.sending(r, clock.millis());
        try {
            wire.publish(s.client, r.topic(), r.payload(), r.createdMs(), replay, acknowledgement(s, r.id()));
        } catch (MqttException e) {
            s.window.notSent(r.id());
            s.lost(e);
            return false;
        }
        if (replay) {
            counters.replayed.incrementAndGet();
        }
        return true;
    }

    /**
     * At most once a second: sends again what the broker left unacknowledged too long (a page at a
     * time, so a broker that lost messages because it was overloaded does not get them all at
     * once), and gives up telemetry left that long.
     */
    private void resendOverdue(Session s) {
        long now = clock.millis();
        if (now - lastSweepMs < SWEEP_MS && now >= lastSweepMs) {
            return;
        }
        lastSweepMs = now;
        counters.transientDropped.addAndGet(s.window.expireTransients(now - resendAfterMs));
        List<OutboxRecord> overdue = s.window.overdue(now - resendAfterMs, now, PAGE);
        for (OutboxRecord r : overdue) {
            try {
                wire.publish(s.client, r.topic(), r.payload(), r.createdMs(), true, acknowledgement(s, r.id()));
            } catch (MqttException e) {
                s.lost(e);
                return;
            }
            counters.resent.incrementAndGet();
        }
        if (!overdue.isEmpty()) {
            LOG.warn(
                    "{} messages unacknowledged for {} s with the link up (the broker lost them); sent again, flagged replayed",
                    overdue.size(), resendAfterMs / 1000);
        }
    }

    private IMqttActionListener acknowledgement(Session s, long id) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                if (s.window.acked(id)) {
                    outbox.ack(id);
                    counters.delivered.incrementAndGet();
                    if (awaited) {
                        connection.signal();
                    }
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                // Stays in the outbox and in the window: the next connection replays it, or, if
                // this one stays up, the sweep sends it again.
            }
        };
    }

    /**
     * Waits until everything committed has been sent and acknowledged on the current connection,
     * the connection is down (the outbox keeps the rest), or the clock passes {@code deadlineMs}.
     */
    void awaitIdle(long deadlineMs) throws InterruptedException {
        awaited = true;
        connection.awaitUntil(this::idle, clock, deadlineMs);
    }

    private boolean idle() {
        Session s = connection.session();
        return s == null || !s.ready()
                || s.backlogDone && s.liveCursor >= outbox.lastCommittedId() && s.window.inFlight() == 0;
    }

    void stop() {
        stopped = true;
        connection.signal();
    }

    /** The sending thread, for the stop to wait on. */
    Thread thread() {
        return thread;
    }
}
