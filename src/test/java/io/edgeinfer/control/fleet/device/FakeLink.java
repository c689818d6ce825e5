package io.edgeinfer.control.fleet.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** A broker link in memory: subscriptions by exact topic, the last retained message per topic. */
final class FakeLink implements FleetLink {
    final Map<String, BiConsumer<String, byte[]>> subscribed = new LinkedHashMap<>();
    final Map<String, byte[]> retained = new LinkedHashMap<>();

    /** A message arriving on {@code topic}, as the broker would deliver it to a subscriber. */
    void deliver(String topic, byte[] payload) {
        BiConsumer<String, byte[]> h = subscribed.get(topic);
        if (h == null) {
            throw new AssertionError("not subscribed to " + topic + ": " + subscribed.keySet());
        }
        h.accept(topic, payload);
    }

    JsonNode json(String topic) {
        byte[] b = retained.get(topic);
        if (b == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        subscribed.put(filter, handler);
    }

    @Override
    public void unsubscribe(String filter) {
        subscribed.remove(filter);
    }

    @Override
    public void publishRetained(String topic, byte[] payload) {
        retained.put(topic, payload);
    }

    @Override
    public boolean isConnected() {
        return true;
    }
}
