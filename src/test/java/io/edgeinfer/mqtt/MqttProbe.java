package io.edgeinfer.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A real Paho subscriber for tests: collects every message under a topic filter, as JSON. */
public final class MqttProbe implements AutoCloseable {
    private final MqttClient client;
    private final List<Received> messages = new CopyOnWriteArrayList<>();

    /** One message as it arrived. */
    public record Received(String topic, JsonNode json, boolean retained) {}

    public MqttProbe(String brokerUrl, String filter) throws MqttException {
        client = new MqttClient(brokerUrl, "probe-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        client.connect(o);
        client.subscribe(filter, 1, (topic, msg) -> {
            try {
                messages.add(new Received(topic, Json.mapper().readTree(msg.getPayload()), msg.isRetained()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public List<Received> all() {
        return List.copyOf(messages);
    }

    public List<JsonNode> on(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).map(Received::json).toList();
    }

    public List<Received> received(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
