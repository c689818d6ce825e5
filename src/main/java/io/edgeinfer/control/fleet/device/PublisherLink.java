package io.edgeinfer.control.fleet.device;

import io.edgeinfer.mqtt.Publisher;
import java.util.function.BiConsumer;

/** The daemon's broker connection as the fleet agent's link. */
public final class PublisherLink implements FleetLink {
    private final Publisher publisher;

    public PublisherLink(Publisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        publisher.subscribe(filter, handler);
    }

    @Override
    public void unsubscribe(String filter) {
        publisher.unsubscribe(filter);
    }

    @Override
    public void publishRetained(String topic, byte[] payload) {
        publisher.publish(topic, payload, true);
    }

    @Override
    public boolean isConnected() {
        return publisher.isConnected();
    }
}
