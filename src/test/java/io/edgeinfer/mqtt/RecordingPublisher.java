package io.edgeinfer.mqtt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The simulated {@link Publisher}: keeps every message in memory for assertions. */
public final class RecordingPublisher implements Publisher {
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private volatile boolean connected;

    @Override
    public void start() {
        connected = true;
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained) {
        messages.add(new Message(topic, payload, retained));
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void close(Message finalMessage, long timeoutMs) {
        if (finalMessage != null) {
            messages.add(finalMessage);
        }
        connected = false;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }
}
