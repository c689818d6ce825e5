package io.edgeinfer.control.fleet.device;

import java.util.function.BiConsumer;

/**
 * The device's connection to the broker, as the fleet agent needs it: the daemon's own link
 * ({@link PublisherLink}), or a simulated device's in the fleet bench.
 */
public interface FleetLink {

    /** Subscribes now if connected and again after every reconnect; the handler must return at once. */
    void subscribe(String filter, BiConsumer<String, byte[]> handler);

    void unsubscribe(String filter);

    /** Publishes retained state if connected (dropped otherwise: the agent sends it again on reconnect). */
    void publishRetained(String topic, byte[] payload);

    boolean isConnected();
}
