package io.edgeinfer.control;

import java.util.function.BiConsumer;

/**
 * Where commands come from: an MQTT subscription kept across reconnects ({@code Publisher::subscribe}).
 * The handler is called on the client's thread and must hand work off at once.
 */
@FunctionalInterface
public interface CommandSubscriber {
    void subscribe(String filter, BiConsumer<String, byte[]> handler);
}
