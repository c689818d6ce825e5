package io.edgeinfer.mqtt;

import io.edgeinfer.config.MqttConfig;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Eclipse Paho (MQTT 3.1.1) publisher. Paho never retries a failed first connect, so this class
 * owns the retry: it keeps trying with capped exponential backoff until connected, and lets Paho's
 * automatic reconnect handle later drops. While disconnected, messages wait in Paho's in-memory
 * buffer (oldest dropped when full). A birth message (retained online status) goes out on every
 * connect; the broker publishes the last will (retained offline status) if the link dies.
 */
public final class PahoPublisher implements Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(PahoPublisher.class);
    private static final int BUFFER_SIZE = 10_000;

    private final MqttConfig config;
    private final String brokerUrl;
    private final Message will;
    private final Supplier<Message> birth;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService connector;
    private final AtomicLong bufferedDrops = new AtomicLong();
    private volatile boolean closed;
    private long backoffMs = 250;

    public PahoPublisher(MqttConfig config, String brokerUrl, Message will, Supplier<Message> birth) {
        this.config = config;
        this.brokerUrl = brokerUrl;
        this.will = will;
        this.birth = birth;
        try {
            this.client = new MqttAsyncClient(brokerUrl, config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create MQTT client for " + brokerUrl + ": " + e.getMessage(), e);
        }
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(BUFFER_SIZE);
        buffer.setDeleteOldestMessages(true);
        buffer.setPersistBuffer(false);
        client.setBufferOpts(buffer);
        client.setCallback(new Callback());
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeinfer-mqtt-connect");
            t.setDaemon(true);
            return t;
        });
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(30_000);
        o.setKeepAliveInterval(config.keepaliveS());
        o.setConnectionTimeout(10);
        o.setMaxInflight(config.maxInflight());
        o.setWill(will.topic(), will.payload(), 1, will.retained());
        return o;
    }

    @Override
    public void start() {
        connector.execute(this::tryConnect);
    }

    private void tryConnect() {
        if (closed || client.isConnected()) {
            return;
        }
        try {
            client.connect(options()).waitForCompletion(15_000);
            backoffMs = 250;
        } catch (MqttException e) {
            if (closed) {
                return;
            }
            LOG.warn("MQTT connect to {} failed ({}); retrying in {} ms", brokerUrl, e.getMessage(), backoffMs);
            connector.schedule(this::tryConnect, backoffMs, TimeUnit.MILLISECONDS);
            backoffMs = Math.min(backoffMs * 2, 30_000);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained) {
        if (closed) {
            return;
        }
        try {
            client.publish(topic, payload, config.qos(), retained);
        } catch (MqttException e) {
            // Only when the offline buffer cannot take it either (client not yet connected once
            // and buffer full): count it, never block the inference thread.
            bufferedDrops.incrementAndGet();
            LOG.debug("publish to {} dropped: {}", topic, e.getMessage());
        }
    }

    /** Messages that could be neither sent nor buffered. */
    public long droppedTotal() {
        return bufferedDrops.get();
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Outstanding QoS 1 deliveries (sent, not yet acknowledged). */
    public int pendingDeliveries() {
        return client.getPendingDeliveryTokens().length;
    }

    @Override
    public synchronized void close(Message finalMessage, long timeoutMs) {
        if (closed) {
            return;
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        try {
            if (client.isConnected() && finalMessage != null) {
                IMqttDeliveryToken t = client.publish(finalMessage.topic(), finalMessage.payload(), 1, finalMessage.retained());
                t.waitForCompletion(Math.max(1, deadline - System.currentTimeMillis()));
            }
            while (client.isConnected() && client.getPendingDeliveryTokens().length > 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        } catch (MqttException e) {
            LOG.warn("final MQTT message not confirmed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        connector.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(Math.max(100, deadline - System.currentTimeMillis())).waitForCompletion(1000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            LOG.info("MQTT {} to {}", reconnect ? "reconnected" : "connected", serverUri);
            Message b = birth.get();
            try {
                client.publish(b.topic(), b.payload(), 1, b.retained());
            } catch (MqttException e) {
                LOG.warn("birth message not sent: {}", e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("MQTT connection lost: {}", cause == null ? "unknown" : cause.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // No subscriptions yet; commands arrive with the remote-control feature.
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Delivery tracking comes with the durable outbox.
        }
    }

    /** For tests and the benchmark: waits until connected. */
    public boolean awaitConnected(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!client.isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return client.isConnected();
    }

}
