package io.edgeinfer.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A real Paho subscriber for tests: collects every message under a topic filter, as JSON. */
public final class MqttProbe implements AutoCloseable {
    private final MqttClient client;
    private final List<Received> messages = new CopyOnWriteArrayList<>();

    /**
     * One message as it arrived.
     *
     * @param duplicate MQTT's DUP flag: the broker redelivered it to this subscriber (e.g. after its
     *     own restart), a hop the daemon does not control
     */
    public record Received(String topic, JsonNode json, boolean retained, boolean duplicate) {
    }

    public MqttProbe(String brokerUrl, String filter) throws MqttException {
        this(brokerUrl, filter, null);
    }

    /**
     * @param persistentId when set, a persistent session (clean session off) with that client id that
     *     reconnects by itself: the broker queues what arrives while the probe is away
     */
    public MqttProbe(String brokerUrl, String filter, String persistentId) throws MqttException {
        client = new MqttClient(brokerUrl, persistentId != null ? persistentId : "probe-" + UUID.randomUUID(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(persistentId == null);
        o.setAutomaticReconnect(persistentId != null);
        o.setMaxReconnectDelay(1000);
        o.setMaxInflight(1000);
        o.setConnectionTimeout(5);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // The broker kept the subscription (persistent session).
            }

            @Override
            public void connectionLost(Throwable cause) {
                // Reconnects by itself when persistent.
            }

            @Override
            public void messageArrived(String topic, MqttMessage msg) {
                messages.add(new Received(topic, json(msg.getPayload()), msg.isRetained(), msg.isDuplicate()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // The probe only subscribes.
            }
        });
        for (int attempt = 1;; attempt++) {
            try {
                client.connect(o);
                client.subscribe(filter, 1);
                return;
            } catch (MqttException e) {
                // Moquette 0.17 on a loaded machine now and then closes a fresh connection right after
                // CONNECT ("SUBSCRIBE received on already closed connection"); a subscriber retries.
                if (attempt == 3) {
                    throw e;
                }
                if (client.isConnected()) {
                    client.disconnectForcibly(1000);
                }
            }
        }
    }

    /**
     * The payload as JSON; one that is not JSON (Home Assistant's {@code online}) as a text node, since
     * an exception here would make Paho drop the connection. An empty payload is a missing node.
     */
    private static JsonNode json(byte[] payload) {
        try {
            JsonNode n = Json.mapper().readTree(payload);
            return n == null ? MissingNode.getInstance() : n;
        } catch (IOException e) {
            return TextNode.valueOf(new String(payload, StandardCharsets.UTF_8));
        }
    }

    public boolean isConnected() {
        return client.isConnected();
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
