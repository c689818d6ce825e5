package io.edgeinfer.mqtt.paho;

import io.edgeinfer.mqtt.Publisher.Message;
import io.edgeinfer.mqtt.WireFormat;
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

    Wire(WireFormat format, int qos) {
        this.format = format;
        this.qos = qos;
    }

    IMqttDeliveryToken publish(MqttAsyncClient client, String topic, byte[] json, long createdMs, boolean replay,
            IMqttActionListener listener) throws MqttException {
        synchronized (lock) {
            Message m = format.encode(topic, json, createdMs, replay);
            return client.publish(m.topic(), m.payload(), qos, m.retained(), null, listener);
        }
    }

    /**
     * The format's birth messages (Sparkplug NBIRTH), which restart its numbering. They go at the
     * data QoS: Paho lets QoS 0 overtake QoS 1 messages waiting for the window, and a birth must
     * never arrive after data it precedes.
     */
    void births(MqttAsyncClient client) throws MqttException {
        synchronized (lock) {
            for (Message m : format.onConnect()) {
                client.publish(m.topic(), m.payload(), qos, false);
            }
        }
    }

    /** The last will for the next connection: the format's own, or {@code fallback}. */
    Message will(Message fallback) {
        Message w = format.will();
        return w != null ? w : fallback;
    }

    /** What to publish on a clean shutdown besides the offline status (Sparkplug NDEATH), or null. */
    Message death() {
        return format.death();
    }
}
