package io.edgeinfer.mqtt.paho;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: its Paho client, in-flight window and replay position. Records committed from
 * its start on are live; everything older still in the outbox is its backlog. The cursors are
 * moved by the drain thread only.
 */
final class Session implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** A subscription kept across reconnects. */
    record Subscription(String filter, BiConsumer<String, byte[]> handler) {}

    final MqttAsyncClient client;
    final InFlightWindow window;
    private final List<Subscription> subscriptions;
    private final Consumer<Throwable> onLost;
    private volatile boolean alive;
    private final AtomicBoolean disposed = new AtomicBoolean();
    long liveFrom;
    volatile long liveCursor;
    long backlogCursor;
    volatile boolean backlogDone;

    Session(MqttAsyncClient client, int window, List<Subscription> subscriptions, Consumer<Throwable> onLost) {
        this.client = client;
        this.window = new InFlightWindow(window);
        this.subscriptions = subscriptions;
        this.onLost = onLost;
    }

    /** Records with {@code id >= firstLiveId} are live; older ones still in the outbox are backlog. */
    void start(long firstLiveId) {
        liveFrom = firstLiveId;
        liveCursor = firstLiveId - 1;
        backlogCursor = 0;
        alive = true;
    }

    boolean alive() {
        return alive;
    }

    void lost(Throwable cause) {
        if (alive) {
            alive = false;
            onLost.accept(cause);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost(cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        for (Subscription sub : subscriptions) {
            if (MqttTopic.isMatched(sub.filter(), topic)) {
                sub.handler().accept(topic, message.getPayload());
            }
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // Acknowledgements are handled per message by the action listener.
    }

    /** An orderly disconnect; nothing when the connection was already let go. */
    void disconnect() {
        if (disposed.get()) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(1000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        dispose();
    }

    /** Lets the client go. Once: Paho fails (NullPointerException) on a client it already closed. */
    void dispose() {
        alive = false;
        if (!disposed.compareAndSet(false, true)) {
            return;
        }
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
