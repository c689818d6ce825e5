package io.edgeinfer.control.client;

import java.util.UUID;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An operator tool's broker connection: a clean session under a client id of its own, nothing
 * persisted (the tools wait while connected and give up with a message when the link drops).
 */
final class OperatorConnection {
    private OperatorConnection() {
    }

    /** Connects and hands every message to {@code onMessage}, on the client's thread. */
    static MqttClient open(String brokerUrl, String idPrefix, BiConsumer<String, byte[]> onMessage)
            throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, idPrefix + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        o.setMaxInflight(100);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the tool's wait times out and says so
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                onMessage.accept(topic, m.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // QoS 1 publishes are confirmed synchronously
            }
        });
        client.connect(o);
        return client;
    }

    static void close(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
