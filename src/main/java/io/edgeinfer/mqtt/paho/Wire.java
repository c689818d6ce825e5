package io.edgeinfer.mqtt.paho;

import io.edgeinfer.mqtt.Publisher.Message;
import io.edgeinfer.mqtt.WireFormat;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Encodes documents with the wire format and hands them to Paho under one lock, so an encoding with
 * per-connection numbering (Sparkplug B) numbers messages in the order they are sent.
 */
final class Wire {
    private final WireFormat format;
    private final int qos;
    private final Object lock = new Object();
    /** The client whose session said its death: nothing more is sent on it. */
    private MqttAsyncClient sealed;

    Wire(WireFormat format, int qos) {
        this.format = format;
        this.qos = qos;
    }

    /**
     * Publishes what {@code json} encodes to; {@code listener} hears the last of it (Paho delivers a
     * connection's messages in order), or succeeds at once when the format has nothing to send.
     */
    void publish(MqttAsyncClient client, String topic, byte[] json, long createdMs, boolean replay,
            IMqttActionListener listener) throws MqttException {
        synchronized (lock) {
            if (client == sealed) {
                return; // the session ended: the record stays in the outbox for the next one
            }
            List<Message> ms = format.encode(topic, json, createdMs, replay);
            if (ms.isEmpty()) {
                listener.onSuccess(null);
                return;
            }
            for (int i = 0; i < ms.size() - 1; i++) {
                send(client, ms.get(i), null);
            }
            send(client, ms.get(ms.size() - 1), listener);
        }
    }

    private void send(MqttAsyncClient client, Message m, IMqttActionListener listener) throws MqttException {
        client.publish(m.topic(), m.payload(), m.qos() == Message.CONFIGURED_QOS ? qos : m.qos(), m.retained(), null,
                listener);
    }

    /**
     * The format's birth messages (Sparkplug NBIRTH, DBIRTHs), which restart its numbering; then
     * {@code born} runs, still under the lock, so no data can be numbered or sent before the births.
     */
    void births(MqttAsyncClient client, Runnable born) throws MqttException {
        synchronized (lock) {
            if (client == sealed) {
                return;
            }
            for (Message m : format.births()) {
                send(client, m, null);
            }
            born.run();
        }
    }

    /** What the format has waiting (a rebirth, device deaths and births), in order. */
    void pending(MqttAsyncClient client) throws MqttException {
        synchronized (lock) {
            if (client == sealed) {
                return;
            }
            for (Message m : format.pending()) {
                send(client, m, null);
            }
        }
    }

    /**
     * Ends what {@code client} may send: {@code death} (the format's, e.g. Sparkplug NDEATH; null for
     * none) goes out at QoS 1 as its last message of the format's, after everything already handed to
     * Paho and before anything else could be.
     *
     * @return the death's token, or null
     */
    IMqttDeliveryToken seal(MqttAsyncClient client, Message death) throws MqttException {
        synchronized (lock) {
            sealed = client;
            return death == null ? null : client.publish(death.topic(), death.payload(), 1, death.retained());
        }
    }

    /** The last will for the next connection attempt: the format's own, or {@code fallback}. */
    Message will(Message fallback) {
        Message w = format.will();
        return w != null ? w : fallback;
    }

    WireFormat format() {
        return format;
    }

    /** A document was made (telemetry, which does not wait in the outbox): the format may note its values. */
    void observe(String topic, byte[] json) {
        format.observe(topic, json);
    }

    /** What to publish on a clean shutdown besides the offline status (Sparkplug NDEATH), or null. */
    Message death() {
        return format.death();
    }
}
