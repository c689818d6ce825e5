package io.edgeinfer.mqtt.paho;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.Backoff;
import io.edgeinfer.mqtt.Publisher.Message;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.outbox.Outbox;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the connection. Paho alone does not keep one: its first connect is never retried and a
 * dropped session forgets what was in flight. So every connection gets a fresh Paho client (stable
 * client id, clean session off, so the broker keeps subscriptions), and every attempt, the first
 * included, is retried with jittered exponential backoff. Also the one monitor the delivery threads
 * wait on for "something changed".
 */
final class ConnectionSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSupervisor.class);
    private static final long QUIET_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final MqttConfig config;
    private final String url;
    private final PahoOptions options;
    private final Wire wire;
    private final Outbox outbox;
    private final Message will;
    private final Supplier<Message> birth;
    private final Backoff backoff;
    private final List<Session.Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();
    private final AtomicLong connects = new AtomicLong();
    private final Thread thread;
    private volatile Session session;
    private volatile boolean stopped;
    private long lastFailureLog;

    ConnectionSupervisor(MqttConfig config, String url, PahoOptions options, Wire wire, Outbox outbox, Message will,
            Supplier<Message> birth) {
        this.config = config;
        this.url = url;
        this.options = options;
        this.wire = wire;
        this.outbox = outbox;
        this.will = will;
        this.birth = birth;
        this.backoff = new Backoff(config.reconnect().minMs(), config.reconnect().maxMs(), ThreadLocalRandom.current());
        this.thread = new Thread(this::run, "edgeinfer-mqtt-connect");
        thread.setDaemon(true);
        wire.format().onChange(this::signal);
    }

    void start() {
        thread.start();
    }

    /** The current connection, or null; check {@link Session#alive()}. */
    Session session() {
        return session;
    }

    /** Subscribes now if connected, and again after every reconnect. */
    void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        subscriptions.add(new Session.Subscription(filter, handler));
        Session s = session;
        if (s != null && s.alive()) {
            try {
                s.client.subscribe(filter, 1);
            } catch (MqttException e) {
                LOG.warn("subscribe {} failed: {}", filter, e.getMessage());
            }
        }
    }

    /** Drops the subscriptions to {@code filter}, at the broker too when connected. */
    void unsubscribe(String filter) {
        subscriptions.removeIf(sub -> sub.filter().equals(filter));
        Session s = session;
        if (s != null && s.alive()) {
            try {
                s.client.unsubscribe(filter);
            } catch (MqttException e) {
                LOG.warn("unsubscribe {} failed: {}", filter, e.getMessage());
            }
        }
    }

    private void run() {
        while (!stopped) {
            Session s = session;
            if (s != null && s.alive()) {
                tend(s);
                awaitChange(1000);
                continue;
            }
            if (s != null) {
                s.dispose();
                session = null;
            }
            try {
                session = connect();
                backoff.reset();
                signal();
            } catch (MqttException e) {
                if (stopped) {
                    return;
                }
                long wait = backoff.next();
                long now = System.nanoTime();
                if (now - lastFailureLog > QUIET_LOG_NANOS) {
                    lastFailureLog = now;
                    LOG.warn("MQTT connect to {} failed: {} (retrying with backoff up to {} ms; {} messages waiting)",
                            url, PahoOptions.reason(e), config.reconnect().maxMs(), outbox.stats().depth());
                }
                awaitChange(wait);
            }
        }
    }

    /**
     * Connects (with the format's will), subscribes to every registered topic and waits for the
     * broker to confirm, so commands that answer a birth are never missed; the births follow in
     * {@link #tend} as soon as the format allows them.
     */
    private Session connect() throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, config.clientId(), new MemoryPersistence());
        Session s = new Session(client, config.maxInflight(), subscriptions, this::lost);
        client.setCallback(s);
        try {
            client.connect(options.build(wire.will(will), wire.format().cleanSession())).waitForCompletion(15_000);
        } catch (MqttException e) {
            wire.format().connectAttempted(connectSent(e));
            s.dispose();
            throw e;
        }
        wire.format().connectAttempted(true);
        try {
            subscribeAll(client);
            s.connected(wire.format().sessionEpoch());
            // Visible before the births: a subscribe() racing this connect either lands in the list
            // in time for subscribeAll or sees the live session and subscribes itself.
            session = s;
        } catch (MqttException e) {
            s.dispose();
            throw e;
        }
        long n = connects.incrementAndGet();
        LOG.info("MQTT connected to {} ({}); {} messages in the outbox to replay{}", url,
                n == 1 ? "first connect" : "reconnect", Math.max(0, outbox.stats().depth()),
                wire.format().birthsAllowed() ? "" : "; births wait for the primary host");
        tend(s);
        return s;
    }

    /**
     * Whether a failed attempt's CONNECT packet left this process. Only a connection that was never
     * made (refused, unreachable, name unknown, a TLS handshake that failed) did not send one; a
     * broker that refused the CONNECT, or never answered it, got it.
     */
    static boolean connectSent(MqttException e) {
        if (e.getReasonCode() == MqttException.REASON_CODE_SERVER_CONNECT_ERROR) {
            return false;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || c instanceof SocketTimeoutException
                    || c instanceof SSLException) {
                return false;
            }
        }
        return true;
    }

    private void subscribeAll(MqttAsyncClient client) throws MqttException {
        List<Session.Subscription> subs = List.copyOf(subscriptions);
        if (subs.isEmpty()) {
            return;
        }
        String[] filters = subs.stream().map(Session.Subscription::filter).toArray(String[]::new);
        int[] qos = new int[filters.length];
        Arrays.fill(qos, 1);
        IMqttToken t = client.subscribe(filters, qos);
        t.waitForCompletion(10_000);
        int[] granted = t.getGrantedQos();
        for (int i = 0; i < filters.length && granted != null && i < granted.length; i++) {
            if (granted[i] == 0x80) {
                LOG.warn("the broker refused the subscription to {}", filters[i]);
            }
        }
    }

    /**
     * Moves a live connection on: the births as soon as the format allows them, then whatever the
     * format has pending; a connection whose session the format ended (the primary host went
     * offline) says its death and disconnects, and the loop connects again.
     */
    private void tend(Session s) {
        WireFormat format = wire.format();
        try {
            if (s.epoch != format.sessionEpoch()) {
                end(s);
            } else if (!s.ready()) {
                if (format.birthsAllowed()) {
                    wire.births(s.client, () -> s.start(outbox.lastCommittedId() + 1));
                    Message b = birth.get();
                    s.client.publish(b.topic(), b.payload(), 1, b.retained());
                    signal();
                }
            } else {
                wire.pending(s.client);
            }
        } catch (MqttException e) {
            s.lost(e);
        }
    }

    private void end(Session s) {
        LOG.info("MQTT session ended by the wire format (the primary host went offline); connecting again");
        s.retire();
        try {
            IMqttToken t = wire.seal(s.client, wire.death());
            if (t != null) {
                t.waitForCompletion(2000);
            }
        } catch (MqttException e) {
            LOG.warn("death message not confirmed: {}", e.getMessage());
        }
        s.disconnect();
        session = null;
        signal();
    }

    private void lost(Throwable cause) {
        LOG.warn("MQTT connection to {} lost: {}; {} messages wait in the outbox", url,
                cause == null ? "unknown" : cause.getMessage(), outbox.stats().depth());
        signal();
    }

    /** Waits up to {@code ms} for a change (connection up or down, progress, stop). */
    void awaitChange(long ms) {
        synchronized (changed) {
            try {
                changed.wait(Math.max(1, ms));
            } catch (InterruptedException e) {
                // stop() interrupts after setting stopped; the loops see it.
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until {@code done} holds or the clock passes {@code deadlineMs}; re-checked on every
     * {@link #signal()}, so it returns as soon as the condition holds.
     */
    void awaitUntil(BooleanSupplier done, Clock clock, long deadlineMs) throws InterruptedException {
        synchronized (changed) {
            while (!done.getAsBoolean()) {
                long left = deadlineMs - clock.millis();
                if (left <= 0) {
                    return;
                }
                changed.wait(left);
            }
        }
    }

    void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Stops reconnecting; the current session stays up for the final messages. */
    void stop() {
        stopped = true;
        signal();
    }

    /** The connecting thread, for the stop to wait on. */
    Thread thread() {
        return thread;
    }
}
