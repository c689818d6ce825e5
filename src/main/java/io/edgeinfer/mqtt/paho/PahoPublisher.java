package io.edgeinfer.mqtt.paho;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.DeliveryStats;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.outbox.Outbox;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Publisher} on Eclipse Paho MQTT v3: delivers the outbox and loses nothing it holds.
 * {@link ConnectionSupervisor} keeps a connection up, {@link OutboxDrain} sends the outbox over
 * it (live first, then the rate-limited backlog), and this class adds what is not durable
 * (telemetry, retained status), subscriptions, Sparkplug rebirth, and the orderly stop.
 */
public final class PahoPublisher implements Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(PahoPublisher.class);

    private final Outbox outbox;
    private final Clock clock;
    private final Wire wire;
    private final ConnectionSupervisor connection;
    private final OutboxDrain drain;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * @param will published by the broker when the link dies (retained)
     * @param birth published on every connect (retained), made fresh each time
     * @throws GeneralSecurityException when the TLS material cannot be used (message names the file)
     */
    public PahoPublisher(MqttConfig config, String url, Outbox outbox, WireFormat format, Message will,
            Supplier<Message> birth, Clock clock) throws GeneralSecurityException, IOException {
        this.outbox = outbox;
        this.clock = clock;
        this.wire = new Wire(format, config.qos());
        this.connection = new ConnectionSupervisor(config, url, new PahoOptions(config, url), wire, outbox, will,
                birth);
        this.drain = new OutboxDrain(outbox, connection, wire, clock, config.replayRatePerS(), resendAfterMs(config),
                counters);
    }

    /**
     * How long a message may stay unacknowledged on a live connection before it is sent again: two
     * keep-alive periods, at least 10 s. A broker that answers within a keep-alive period (else the
     * link is declared dead) but has not acknowledged a message in two has lost it; a shorter
     * bound would duplicate messages that are merely slow behind a busy broker or a slow card.
     */
    static long resendAfterMs(MqttConfig config) {
        return Math.max(10_000, 2_000L * config.keepaliveS());
    }

    @Override
    public void start() {
        connection.start();
        drain.start();
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        connection.subscribe(filter, handler);
    }

    @Override
    public void unsubscribe(String filter) {
        connection.unsubscribe(filter);
    }

    /**
     * Not durable (telemetry, status): sent if the session is up (and born) and the window has room,
     * otherwise dropped and counted. The wire format sees telemetry either way, so a later birth
     * carries its values.
     */
    @Override
    public void publish(String topic, byte[] payload, boolean retained) {
        if (!retained) {
            wire.observe(topic, payload);
        }
        Session s = connection.session();
        if (s == null || !s.ready() || !s.window.tryEnter()) {
            counters.transientDropped.incrementAndGet();
            return;
        }
        Object place = s.window.sendingTransient(clock.millis());
        IMqttActionListener done = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                s.window.transientDone(place);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                s.window.transientDone(place);
            }
        };
        try {
            if (retained) {
                // Retained state (status) is ours, outside any wire format's namespace.
                s.client.publish(topic, payload, 1, true, null, done);
            } else {
                wire.publish(s.client, topic, payload, clock.millis(), false, done);
            }
        } catch (MqttException e) {
            s.window.transientDone(place);
            counters.transientDropped.incrementAndGet();
        }
    }

    @Override
    public void rebirth() {
        wire.format().requestRebirth();
    }

    @Override
    public boolean isConnected() {
        Session s = connection.session();
        return s != null && s.alive();
    }

    @Override
    public DeliveryStats deliveryStats() {
        Session s = connection.session();
        return new DeliveryStats(counters.delivered.get(), counters.replayed.get(), counters.resent.get(),
                counters.transientDropped.get(),
                s == null ? 0 : s.window.inFlight(), s != null && s.backlogDone);
    }

    /**
     * Waits (up to {@code timeoutMs}, returning as soon as nothing is pending) for the outbox to be
     * delivered, publishes {@code finalMessage} (the offline status), disconnects. What is not
     * delivered stays in the outbox for the next start.
     */
    @Override
    public void close(Message finalMessage, long timeoutMs) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        long deadline = clock.millis() + timeoutMs;
        try {
            outbox.flush();
            drain.awaitIdle(deadline);
            // Acknowledgements are deleted in batches; a stop should not leave them waiting.
            outbox.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain.stop();
        connection.stop();
        Session s = connection.session();
        sayGoodbye(s, finalMessage, deadline);
        join(drain.thread());
        join(connection.thread());
        if (s != null) {
            s.disconnect();
        }
    }

    private static void join(Thread t) {
        t.interrupt();
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sayGoodbye(Session s, Message finalMessage, long deadline) {
        if (s == null || !s.alive()) {
            return;
        }
        s.retire();
        try {
            // The format's death (Sparkplug NDEATH) is the last of its messages on this connection.
            IMqttDeliveryToken death = wire.seal(s.client, wire.death());
            if (death != null) {
                death.waitForCompletion(Math.max(100, deadline - clock.millis()));
            }
            if (finalMessage != null) {
                s.client.publish(finalMessage.topic(), finalMessage.payload(), 1, finalMessage.retained())
                        .waitForCompletion(Math.max(100, deadline - clock.millis()));
            }
        } catch (MqttException e) {
            LOG.warn("final MQTT message not confirmed: {}", e.getMessage());
        }
    }
}
