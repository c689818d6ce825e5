package io.edgeinfer.mqtt;

/**
 * The port to the message bus. Implementations connect in the background and keep reconnecting;
 * {@link #publish} never blocks the caller on the network.
 */
public interface Publisher extends AutoCloseable {

    /** Starts connecting (and retrying) in the background. */
    void start();

    /** Queues a message for delivery at the configured QoS. */
    void publish(String topic, byte[] payload, boolean retained);

    boolean isConnected();

    /**
     * Publishes {@code finalMessage} (e.g. the offline status) and waits up to {@code timeoutMs} for
     * it and for queued messages, then disconnects. Idempotent.
     */
    void close(Message finalMessage, long timeoutMs);

    @Override
    default void close() {
        close(null, 0);
    }

    /** A message to publish; retained ones are what a new subscriber sees first. */
    record Message(String topic, byte[] payload, boolean retained) {}
}
