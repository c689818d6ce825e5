package io.edgeinfer.bench.fleet;

import io.edgeinfer.control.fleet.device.FleetLink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A simulated device's own broker connection: one Paho client each, as on a real device. Its
 * keep-alive pings run on a scheduler all devices share (Paho's default is a timer thread per
 * client); the receiver, sender and callback threads stay one each per client. Counts the messages
 * the device sends and receives.
 */
final class DeviceLink implements FleetLink, AutoCloseable {
    private final MqttAsyncClient client;
    private final Map<String, BiConsumer<String, byte[]>> handlers = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    /** @param pings the scheduler every device's keep-alive runs on (a ping sender each: Paho keeps its client in it) */
    DeviceLink(String brokerUrl, String deviceId, ScheduledExecutorService pings) throws MqttException {
        client = new MqttAsyncClient(brokerUrl, deviceId, new MemoryPersistence(), new ScheduledExecutorPingSender(
                pings), null);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the bench's wait for reports times out and says which devices are missing
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.incrementAndGet();
                handlers.forEach((filter, h) -> {
                    if (MqttTopic.isMatched(filter, topic)) {
                        h.accept(topic, m.getPayload());
                    }
                });
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // retained reports are sent again by the agent when they change; nothing to do here
            }
        });
    }

    /** Starts connecting with a clean session; the token says when it is done. */
    IMqttToken connect() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(60);
        o.setMaxInflight(100);
        return client.connect(o);
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        handlers.put(filter, handler);
        try {
            client.subscribe(filter, 1);
        } catch (MqttException e) {
            throw new IllegalStateException("device " + client.getClientId() + " cannot subscribe to " + filter, e);
        }
    }

    @Override
    public void unsubscribe(String filter) {
        handlers.remove(filter);
        try {
            client.unsubscribe(filter);
        } catch (MqttException e) {
            // gone with the connection: nothing left to stop
        }
    }

    @Override
    public void publishRetained(String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 1, true);
            sent.incrementAndGet();
        } catch (MqttException e) {
            // dropped: the agent sends its report again when it next changes, as over the daemon's link
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    long sent() {
        return sent.get();
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close();
    }
}
