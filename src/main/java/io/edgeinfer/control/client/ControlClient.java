package io.edgeinfer.control.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The operator's side of the command API: sends (signed) commands to one device and waits for the
 * answers on its {@code cmd/result}. Used by {@code edgeinfer push-model}, the tests and the swap
 * benchmark.
 */
public final class ControlClient implements AutoCloseable {
    private final MqttClient client;
    private final String base;
    private final CommandSigner signer;
    private final List<JsonNode> results = new CopyOnWriteArrayList<>();
    private final Object arrived = new Object();

    /** @param base the device's topic root, {@code prefix/device_id} */
    public ControlClient(String brokerUrl, String base, CommandSigner signer) throws MqttException {
        this.base = base;
        this.signer = signer;
        client = OperatorConnection.open(brokerUrl, "edgeinfer-ctl-", (topic, payload) -> {
            try {
                results.add(Json.mapper().readTree(payload));
            } catch (IOException e) {
                return; // not ours to judge: only JSON answers are awaited
            }
            synchronized (arrived) {
                arrived.notifyAll();
            }
        });
        // QoS 0: this client waits for its answers while connected, so a broker-side retry buys
        // nothing, and an un-acknowledged delivery cannot race our disconnect (Moquette 0.17
        // releases such a message twice and stops the session executor it ran on).
        client.subscribe(base + "/cmd/result", 0);
    }

    /**
     * Signs (or stamps) and publishes {@code body} on {@code cmd/{name}}, with a new request id unless
     * it has one; returns the request id. {@code body} itself is not changed.
     */
    public String send(String name, ObjectNode body) throws MqttException, IOException, GeneralSecurityException {
        ObjectNode cmd = body.deepCopy();
        if (!cmd.hasNonNull("request_id")) {
            cmd.put("request_id", UUID.randomUUID().toString());
        }
        String topic = base + "/cmd/" + name;
        publishRaw(topic, signer.sign(topic, cmd));
        return cmd.get("request_id").asText();
    }

    /** Publishes bytes as they are (tests: malformed and tampered commands). */
    public void publishRaw(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    /** The first answer for {@code requestId} to {@code command}, or null after {@code timeoutMs}. */
    public JsonNode await(String requestId, String command, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            for (JsonNode r : results) {
                if (requestId.equals(r.path("request_id").asText(null)) && command.equals(r.path("command").asText())) {
                    return r;
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            synchronized (arrived) {
                arrived.wait(Math.min(left, 100));
            }
        }
    }

    /** Every answer seen so far. */
    public List<JsonNode> results() {
        return List.copyOf(results);
    }

    public String base() {
        return base;
    }

    @Override
    public void close() throws MqttException {
        OperatorConnection.close(client);
    }
}
