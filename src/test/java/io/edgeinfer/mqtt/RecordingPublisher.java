package io.edgeinfer.mqtt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** The simulated {@link Publisher}: keeps every message in memory for assertions. */
public final class RecordingPublisher implements Publisher {
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean connected;

    /** A subscription as made. */
    public record Subscription(String filter, BiConsumer<String, byte[]> handler) {
    }

    @Override
    public void start() {
        connected = true;
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained) {
        messages.add(new Message(topic, payload, retained));
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        subscriptions.add(new Subscription(filter, handler));
    }

    @Override
    public void rebirth() {
        // Plain JSON has no births.
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public DeliveryStats deliveryStats() {
        return DeliveryStats.NONE;
    }

    @Override
    public void close(Message finalMessage, long timeoutMs) {
        if (finalMessage != null) {
            messages.add(finalMessage);
        }
        connected = false;
    }

    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }
}
