package io.edgeinfer.mqtt.paho;

import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.OutboxRecord;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
 */
final class OutboxDrain {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDrain.class);
    private static final int PAGE = 64;

    private final Outbox outbox;
    private final ConnectionSupervisor connection;
    private final Wire wire;
    private final Clock clock;
    private final TokenBucket replayBucket;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean awaited;

    OutboxDrain(Outbox outbox, ConnectionSupervisor connection, Wire wire, Clock clock, int replayRatePerS) {
        this.outbox = outbox;
        this.connection = connection;
        this.wire = wire;
        this.clock = clock;
        this.replayBucket = new TokenBucket(replayRatePerS);
        this.thread = new Thread(this::run, "edgeinfer-mqtt-send");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!stopped) {
            Session s = connection.session();
            if (s == null || !s.alive()) {
                connection.awaitChange(200);
                continue;
            }
            try {
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
            if (!s.alive() || stopped) {
                return false;
            }
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
            replayed.incrementAndGet();
        }
        return true;
    }

    private IMqttActionListener acknowledgement(Session s, long id) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                if (s.window.acked(id)) {
                    outbox.ack(id);
                    delivered.incrementAndGet();
                    if (awaited) {
                        connection.signal();
                    }
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                // Stays in the outbox; the next connection replays it.
                s.window.notSent(id);
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
        return s == null || !s.alive()
                || s.backlogDone && s.liveCursor >= outbox.lastCommittedId() && s.window.inFlight() == 0;
    }

    long deliveredTotal() {
        return delivered.get();
    }

    long replayedTotal() {
        return replayed.get();
    }

    void stop() {
        stopped = true;
        connection.signal();
    }

    void join() {
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
