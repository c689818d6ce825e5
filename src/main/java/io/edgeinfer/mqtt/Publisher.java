package io.edgeinfer.mqtt;

import java.util.function.BiConsumer;

/**
 * The port to the message bus. Implementations connect in the background and keep reconnecting;
 * {@link #publish} never blocks the caller on the network. Durable messages (predictions, command
 * answers) do not pass through here: they go into the outbox, which the implementation delivers.
 */
public interface Publisher extends AutoCloseable {

    /** Starts connecting (and retrying) in the background. */
    void start();

    /** Queues a message for delivery at the configured QoS. */
    void publish(String topic, byte[] payload, boolean retained);

    /**
     * Subscribes now if connected, and again after every reconnect. The handler runs on the
     * client's thread and must hand work off at once.
     */
    void subscribe(String filter, BiConsumer<String, byte[]> handler);

    /**
     * Drops every subscription to {@code filter} (at the broker too when connected): a fleet device
     * subscribes to a model's chunks only while it receives them.
     */
    default void unsubscribe(String filter) {
    }

    /**
     * Publishes the wire format's birth messages again (Sparkplug B rebirth), soon, from the sender's
     * own thread; nothing for plain JSON.
     */
    void rebirth();

    boolean isConnected();

    DeliveryStats deliveryStats();

    /**
     * Waits up to {@code timeoutMs} for queued messages to be delivered (returning as soon as
     * nothing is pending), publishes {@code finalMessage} (e.g. the offline status), then
     * disconnects. Idempotent.
     */
    void close(Message finalMessage, long timeoutMs);

    @Override
    default void close() {
        close(null, 0);
    }

    /**
     * A message to publish; retained ones are what a new subscriber sees first.
     *
     * @param qos 0 or 1, or {@link #CONFIGURED_QOS} for the sender's own ({@code mqtt.qos})
     */
    record Message(String topic, byte[] payload, boolean retained, int qos) {
        /** The sender's configured QoS. */
        public static final int CONFIGURED_QOS = -1;

        /** A message at the sender's configured QoS. */
        public Message(String topic, byte[] payload, boolean retained) {
            this(topic, payload, retained, CONFIGURED_QOS);
        }
    }
}
