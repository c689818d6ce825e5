package io.edgeinfer.mqtt;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.OutboxRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox over MQTT (Paho v3) and loses nothing the outbox holds.
 *
 * <p>Paho alone does not give that: its first connect is never retried, a dropped session forgets
 * what was in flight, and a reconnecting client resends in-flight messages unflagged. So this class
 * owns the connection: a fresh Paho client per connection (stable client id, clean session off, so
 * the broker keeps subscriptions), jittered exponential backoff for every attempt including the
 * first, and its own in-flight window (waiting when full: back-pressure, not loss). A record leaves
 * the outbox only when the broker acknowledged it. After a reconnect or a restart, every record still
 * in the outbox is replayed in id order, flagged {@code replayed}, at most {@code replay_rate_per_s},
 * while records appended since the connection came up go first.
 */
public final class MqttSender implements Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSender.class);
    private static final long QUIET_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final MqttConfig config;
    private final String url;
    private final Outbox outbox;
    private final WireFormat format;
    private final Message will;
    private final Supplier<Message> birth;
    private final SSLSocketFactory ssl;
    private final Backoff backoff;
    private final TokenBucket replayBucket;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();
    /** Encoding and handing to Paho happen together, so per-connection numbering follows send order. */
    private final Object publishLock = new Object();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong transientDropped = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final Thread connector;
    private final Thread sender;
    private volatile Session session;
    private volatile boolean closed;
    private long lastFailureLog;

    /**
     * @param will published by the broker when the link dies (retained)
     * @param birth published on every connect (retained), made fresh each time
     * @throws GeneralSecurityException when the TLS material cannot be used (message names the file)
     */
    public MqttSender(MqttConfig config, String url, Outbox outbox, WireFormat format, Message will,
            Supplier<Message> birth) throws GeneralSecurityException, IOException {
        this.config = config;
        this.url = url;
        this.outbox = outbox;
        this.format = format;
        this.will = will;
        this.birth = birth;
        this.ssl = url.startsWith("ssl://") && config.tls() != null ? TlsSockets.factory(config.tls()) : null;
        this.backoff = new Backoff(config.reconnect().minMs(), config.reconnect().maxMs(), ThreadLocalRandom.current());
        this.replayBucket = new TokenBucket(config.replayRatePerS());
        this.connector = new Thread(this::runConnector, "edgeinfer-mqtt-connect");
        this.sender = new Thread(this::runSender, "edgeinfer-mqtt-send");
        connector.setDaemon(true);
        sender.setDaemon(true);
    }

    /** A subscription kept across reconnects; the handler runs on Paho's thread and must hand off quickly. */
    private record Subscription(String filter, BiConsumer<String, byte[]> handler) {}

    @Override
    public void start() {
        connector.start();
        sender.start();
    }

    /** Subscribes now if connected, and again after every reconnect. */
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        subscriptions.add(new Subscription(filter, handler));
        Session s = session;
        if (s != null && s.alive) {
            try {
                s.client.subscribe(filter, 1);
            } catch (MqttException e) {
                LOG.warn("subscribe {} failed: {}", filter, e.getMessage());
            }
        }
    }

    // ---- connection ---------------------------------------------------------------------------

    private void runConnector() {
        while (!closed) {
            Session s = session;
            if (s != null && s.alive) {
                waitForChange(1000);
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
                if (closed) {
                    return;
                }
                long wait = backoff.next();
                long now = System.nanoTime();
                if (now - lastFailureLog > QUIET_LOG_NANOS) {
                    lastFailureLog = now;
                    LOG.warn("MQTT connect to {} failed: {} (retrying with backoff up to {} ms; {} messages waiting)",
                            url, reason(e), config.reconnect().maxMs(), outbox.stats().depth());
                }
                waitForChange(wait);
            }
        }
    }

    private Session connect() throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, config.clientId(), new MemoryPersistence());
        Session s = new Session(client);
        client.setCallback(s);
        try {
            client.connect(options()).waitForCompletion(15_000);
            s.start(outbox.lastCommittedId() + 1);
            synchronized (publishLock) {
                for (Message m : format.onConnect()) {
                    client.publish(m.topic(), m.payload(), config.qos(), false);
                }
            }
            Message b = birth.get();
            client.publish(b.topic(), b.payload(), 1, b.retained());
            // Visible before the loop below: a subscribe() racing this connect either lands in the
            // list in time for the loop or sees the live session and subscribes itself.
            session = s;
            for (Subscription sub : subscriptions) {
                client.subscribe(sub.filter(), 1);
            }
        } catch (MqttException e) {
            s.dispose();
            throw e;
        }
        long n = connects.incrementAndGet();
        LOG.info("MQTT connected to {} ({}); {} messages in the outbox to replay", url, n == 1 ? "first connect" : "reconnect",
                Math.max(0, outbox.stats().depth()));
        return s;
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        // The broker keeps our subscriptions (commands) across drops; in-flight messages are ours
        // to resend (from the outbox), which is why every connection gets a fresh Paho client.
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(config.keepaliveS());
        o.setConnectionTimeout(10);
        o.setMaxInflight(config.maxInflight());
        Message formatWill = format.will();
        Message w = formatWill != null ? formatWill : will;
        o.setWill(w.topic(), w.payload(), 1, w.retained());
        if (ssl != null) {
            o.setSocketFactory(ssl);
            o.setHttpsHostnameVerificationEnabled(config.tls().verifyHostname());
        }
        if (config.auth() != null) {
            o.setUserName(config.auth().username());
            char[] password = password();
            if (password != null) {
                o.setPassword(password);
            }
        }
        return o;
    }

    private char[] password() {
        MqttConfig.Auth a = config.auth();
        try {
            if (a.passwordFile() != null) {
                String first = Files.readAllLines(a.passwordFile(), StandardCharsets.UTF_8).stream().findFirst().orElse("");
                return first.toCharArray();
            }
        } catch (IOException e) {
            LOG.warn("MQTT password file {} unreadable: {}", a.passwordFile(), e.getMessage());
            return null;
        }
        String v = a.passwordEnv() == null ? null : System.getenv(a.passwordEnv());
        return v == null ? null : v.toCharArray();
    }

    // ---- sending ------------------------------------------------------------------------------

    private void runSender() {
        while (!closed) {
            Session s = session;
            if (s == null || !s.alive) {
                waitForChange(200);
                continue;
            }
            try {
                if (!sendSome(s)) {
                    if (!s.backlogDone) {
                        Thread.sleep(2);
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
        for (OutboxRecord r : outbox.read(s.liveCursor, 64)) {
            if (!send(s, r, false)) {
                return sent;
            }
            s.liveCursor = r.id();
            sent = true;
        }
        if (!s.backlogDone) {
            int allowance = replayBucket.take(64);
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
                    sent = true;
                }
            }
            replayBucket.giveBack(allowance - used);
            if (s.backlogDone) {
                LOG.info("MQTT backlog replayed");
            }
        }
        return sent;
    }

    private boolean send(Session s, OutboxRecord r, boolean replay) throws InterruptedException {
        while (!s.inflight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (!s.alive || closed) {
                return false;
            }
        }
        try {
            publishEncoded(s, r.topic(), r.payload(), r.createdMs(), replay, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    s.inflight.release();
                    outbox.ack(r.id());
                    delivered.incrementAndGet();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    // Stays in the outbox; the next connection replays it.
                    s.inflight.release();
                }
            });
            if (replay) {
                replayed.incrementAndGet();
            }
            return true;
        } catch (MqttException e) {
            s.inflight.release();
            s.lost(e);
            return false;
        }
    }

    /** Not durable (telemetry): sent if connected and the window has room, otherwise dropped and counted. */
    @Override
    public void publish(String topic, byte[] payload, boolean retained) {
        Session s = session;
        if (s == null || !s.alive || !s.inflight.tryAcquire()) {
            transientDropped.incrementAndGet();
            return;
        }
        try {
            IMqttActionListener release = new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    s.inflight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    s.inflight.release();
                }
            };
            if (retained) {
                // Retained state (status) is ours, outside any wire format's namespace.
                s.client.publish(topic, payload, 1, true, null, release);
            } else {
                publishEncoded(s, topic, payload, System.currentTimeMillis(), false, release);
            }
        } catch (MqttException e) {
            s.inflight.release();
            transientDropped.incrementAndGet();
        }
    }

    private void publishEncoded(Session s, String topic, byte[] json, long createdMs, boolean replay,
            IMqttActionListener listener) throws MqttException {
        synchronized (publishLock) {
            Message m = format.encode(topic, json, createdMs, replay);
            s.client.publish(m.topic(), m.payload(), config.qos(), m.retained(), null, listener);
        }
    }

    /**
     * Publishes the format's birth messages again (Sparkplug rebirth: new NBIRTH, numbering from 0).
     * Births go at the data QoS: Paho lets QoS 0 overtake QoS 1 messages waiting for the in-flight
     * window, and a birth must never arrive after data it precedes.
     */
    public void rebirth() {
        Session s = session;
        if (s == null || !s.alive) {
            return;
        }
        synchronized (publishLock) {
            for (Message m : format.onConnect()) {
                try {
                    s.client.publish(m.topic(), m.payload(), config.qos(), false);
                } catch (MqttException e) {
                    LOG.warn("rebirth not sent: {}", e.getMessage());
                }
            }
        }
    }

    @Override
    public boolean isConnected() {
        Session s = session;
        return s != null && s.alive;
    }

    /** Outbox records the broker acknowledged. */
    public long deliveredTotal() {
        return delivered.get();
    }

    /** Records sent again from the backlog after a reconnect or restart. */
    public long replayedTotal() {
        return replayed.get();
    }

    /** Non-durable messages (telemetry) dropped because the link was down or saturated. */
    public long transientDroppedTotal() {
        return transientDropped.get();
    }

    /** Unacknowledged publishes on the current connection. */
    public int inFlight() {
        Session s = session;
        return s == null ? 0 : config.maxInflight() - s.inflight.availablePermits();
    }

    /** True once the backlog of the current connection has been sent (none left to replay). */
    public boolean backlogDone() {
        Session s = session;
        return s != null && s.backlogDone;
    }

    /**
     * Waits (up to {@code timeoutMs}) for the outbox to be delivered, publishes {@code finalMessage}
     * (the offline status), disconnects. What is not delivered stays in the outbox for next start.
     */
    @Override
    public void close(Message finalMessage, long timeoutMs) {
        if (closed) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            outbox.flush();
            while (isConnected() && (outbox.stats().depth() > 0 || inFlight() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        signal();
        Session s = session;
        if (s != null && s.alive) {
            for (Message m : new Message[] {format.death(), finalMessage}) {
                if (m == null) {
                    continue;
                }
                try {
                    IMqttDeliveryToken t = s.client.publish(m.topic(), m.payload(), 1, m.retained());
                    t.waitForCompletion(Math.max(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (MqttException e) {
                    LOG.warn("final MQTT message not confirmed: {}", e.getMessage());
                }
            }
        }
        connector.interrupt();
        sender.interrupt();
        join(connector);
        join(sender);
        if (s != null) {
            s.disconnect();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitForChange(long ms) {
        synchronized (changed) {
            try {
                changed.wait(Math.max(1, ms));
            } catch (InterruptedException e) {
                // close() interrupts after setting closed; the loops see it.
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    private static String reason(MqttException e) {
        Throwable c = e.getCause();
        String why = e.getMessage() + (c != null && c.getMessage() != null ? " (" + c.getMessage() + ")" : "");
        if (why.contains("PKIX")) {
            return why + " - the broker's certificate is not signed by a CA in mqtt.tls.ca_file";
        }
        if (why.contains("subject alternative names") || why.contains("No name matching")) {
            return why + " - the broker's certificate does not name the host in mqtt.broker";
        }
        return why;
    }

    /** One connection: its Paho client, in-flight window and replay position. */
    private final class Session implements MqttCallback {
        final MqttAsyncClient client;
        final Semaphore inflight = new Semaphore(config.maxInflight());
        volatile boolean alive;
        long liveFrom;
        long liveCursor;
        long backlogCursor;
        volatile boolean backlogDone;

        Session(MqttAsyncClient client) {
            this.client = client;
        }

        /** Records committed from now on are live; everything older still in the outbox is backlog. */
        void start(long firstLiveId) {
            liveFrom = firstLiveId;
            liveCursor = firstLiveId - 1;
            backlogCursor = 0;
            alive = true;
        }

        void lost(Throwable cause) {
            if (alive) {
                alive = false;
                LOG.warn("MQTT connection to {} lost: {}; {} messages wait in the outbox", url,
                        cause == null ? "unknown" : cause.getMessage(), outbox.stats().depth());
                signal();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            for (Subscription sub : subscriptions) {
                if (org.eclipse.paho.client.mqttv3.MqttTopic.isMatched(sub.filter(), topic)) {
                    sub.handler().accept(topic, message.getPayload());
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Acknowledgements are handled per message by the action listener.
        }

        void disconnect() {
            try {
                if (client.isConnected()) {
                    client.disconnect(500).waitForCompletion(1000);
                }
            } catch (MqttException e) {
                LOG.debug("disconnect: {}", e.getMessage());
            }
            dispose();
        }

        void dispose() {
            alive = false;
            try {
                client.disconnectForcibly(0, 0, false);
            } catch (MqttException e) {
                LOG.debug("forced disconnect: {}", e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("close: {}", e.getMessage());
            }
        }
    }
}
