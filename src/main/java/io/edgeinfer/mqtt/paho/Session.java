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
 * One connection: its Paho client, in-flight window and replay position. It is alive once
 * connected and subscribed, and ready once its births are out ({@link #start}); records committed
 * from then on are live, everything older still in the outbox is its backlog. The cursors are moved
 * by the drain thread only. Whatever a subscription's handler throws stays here: a message that
 * arrives can never end the connection.
 */
final class Session implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** A subscription kept across reconnects. */
    record Subscription(String filter, BiConsumer<String, byte[]> handler) {
    }

    final MqttAsyncClient client;
    final InFlightWindow window;
    private final List<Subscription> subscriptions;
    private final Consumer<Throwable> onLost;
    private volatile boolean alive;
    private volatile boolean ready;
    private final AtomicBoolean disposed = new AtomicBoolean();
    /** The wire format's session epoch when this connection was made; another one ends it. */
    long epoch;
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

    /** Connected and subscribed: births may follow. */
    void connected(long epoch) {
        this.epoch = epoch;
        alive = true;
    }

    /** The births are out. Records with {@code id >= firstLiveId} are live; older ones still in the outbox are backlog. */
    void start(long firstLiveId) {
        liveFrom = firstLiveId;
        liveCursor = firstLiveId - 1;
        backlogCursor = 0;
        ready = true;
    }

    /** No more data on this connection (it is about to say its death and disconnect). */
    void retire() {
        ready = false;
    }

    /** The connection is up (births may still wait, e.g. for a Sparkplug primary host). */
    boolean alive() {
        return alive;
    }

    /** Up and born: data may be sent. */
    boolean ready() {
        return alive && ready;
    }

    void lost(Throwable cause) {
        if (alive) {
            alive = false;
            ready = false;
            onLost.accept(cause);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost(cause);
    }

    /**
     * Hands the message to every matching handler. What a handler throws is logged here and goes no
     * further: Paho would close the connection on it, and the broker would publish the will, so any
     * client could knock the device offline with one message.
     */
    @Override
    public void messageArrived(String topic, MqttMessage message) {
        for (Subscription sub : subscriptions) {
            if (MqttTopic.isMatched(sub.filter(), topic)) {
                try {
                    sub.handler().accept(topic, message.getPayload());
                } catch (OutOfMemoryError | InternalError e) {
                    throw e;
                } catch (Throwable e) {
                    // A StackOverflowError too: the stack has unwound by now.
                    LOG.warn("ignored a message on {}: its handling failed ({})", topic, e.toString());
                }
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
        ready = false;
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
