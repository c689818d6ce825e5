package io.edgeinfer.app;

import io.edgeinfer.mqtt.DeliveryStats;
import io.edgeinfer.mqtt.Publisher;
import java.util.function.BiConsumer;

/**
 * The publisher the telemetry reporter is given: passes everything on and keeps the last
 * telemetry message, which the device page shows as is.
 */
final class TelemetryTap implements Publisher {
    private final Publisher next;
    private final String topic;
    private volatile byte[] last;

    TelemetryTap(Publisher next, String topic) {
        this.next = next;
        this.topic = topic;
    }

    /** The last telemetry payload handed on, or null before the first. */
    byte[] last() {
        return last;
    }

    @Override
    public void publish(String t, byte[] payload, boolean retained) {
        if (topic.equals(t)) {
            last = payload;
        }
        next.publish(t, payload, retained);
    }

    @Override
    public void start() {
        next.start();
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        next.subscribe(filter, handler);
    }

    @Override
    public void unsubscribe(String filter) {
        next.unsubscribe(filter);
    }

    @Override
    public void rebirth() {
        next.rebirth();
    }

    @Override
    public boolean isConnected() {
        return next.isConnected();
    }

    @Override
    public DeliveryStats deliveryStats() {
        return next.deliveryStats();
    }

    /** The reporter does not own the link: closing it leaves the link alone. */
    @Override
    public void close(Message finalMessage, long timeoutMs) {
        // The daemon closes the sender itself, after the reporter's last message.
    }
}
