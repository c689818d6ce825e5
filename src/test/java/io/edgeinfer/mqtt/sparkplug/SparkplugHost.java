package io.edgeinfer.mqtt.sparkplug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/**
 * A subscriber on {@code spBv1.0/#} that decodes every message with Eclipse Tahu the way a host
 * does: datatypes are learnt from each NBIRTH/DBIRTH, so data and commands without a datatype decode
 * against them. It shares no code with the daemon's encoder.
 */
final class SparkplugHost implements AutoCloseable {
    /**
     * One message as it arrived.
     *
     * @param type NBIRTH, NDATA, DBIRTH, ...
     * @param device the device id, or null for node messages
     * @param raw the protobuf as sent, for fields Tahu's model hides (a metric's datatype)
     */
    record Msg(String type, String device, SparkplugBPayload payload, SparkplugBProto.Payload raw, int qos,
            boolean retained, long atNanos) {
        /** The metrics by name (the last of a name wins), values as decoded. */
        Map<String, Object> values() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Metric m : payload.getMetrics()) {
                out.put(m.getName(), m.getValue());
            }
            return out;
        }

        Metric metric(String name) {
            return payload.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst().orElse(null);
        }

        boolean birth() {
            return type.endsWith("BIRTH");
        }

        boolean data() {
            return type.endsWith("DATA");
        }
    }

    private final MqttClient client;
    private final List<Msg> messages = new CopyOnWriteArrayList<>();
    private final List<String> undecodable = new CopyOnWriteArrayList<>();
    private final Map<String, MetricDataTypeMap> types = new HashMap<>();
    private volatile boolean subscribed;

    SparkplugHost(String brokerUrl, String group) throws MqttException {
        client = new MqttClient(brokerUrl, "host-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(500);
        o.setCleanSession(true);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    subscribe(group);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                subscribed = false; // reconnects by itself
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                arrived(topic, m);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // subscribes only, or publishes commands fire-and-forget
            }
        });
        client.connect(o);
        subscribe(group);
    }

    private void subscribe(String group) {
        try {
            client.subscribe("spBv1.0/" + group + "/#", 1);
            subscribed = true;
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void arrived(String topic, MqttMessage m) {
        String[] t = topic.split("/");
        String type = t[2];
        String device = t.length > 4 ? t[4] : null;
        String subject = t[3] + (device == null ? "" : "/" + device);
        try {
            SparkplugBProto.Payload raw = SparkplugBProto.Payload.parseFrom(m.getPayload());
            if (type.endsWith("CMD")) {
                return; // commands are ours
            }
            SparkplugBPayload p = new SparkplugBPayloadDecoder().buildFromByteArray(m.getPayload(),
                    type.endsWith("BIRTH") || type.endsWith("DEATH") ? null : types.get(subject));
            if (type.endsWith("BIRTH")) {
                MetricDataTypeMap map = new MetricDataTypeMap();
                p.getMetrics().forEach(x -> map.addMetricDataType(x.getName(), x.getDataType()));
                types.put(subject, map);
            }
            messages.add(new Msg(type, device, p, raw, m.getQos(), m.isRetained(), System.nanoTime()));
        } catch (Exception e) {
            undecodable.add(topic + ": " + e);
        }
    }

    /** Connected and subscribed (again, after the broker came back). */
    boolean connected() {
        return subscribed && client.isConnected();
    }

    /** Sparkplug message type of a topic ({@code spBv1.0/group/TYPE/node[/device]}), or null. */
    static String type(String topic) {
        String[] t = topic.split("/");
        return t.length >= 4 && t[0].equals("spBv1.0") ? t[2] : null;
    }

    List<Msg> all() {
        return List.copyOf(messages);
    }

    List<Msg> of(String type) {
        return messages.stream().filter(m -> m.type().equals(type)).toList();
    }

    List<Msg> of(String type, String device) {
        return messages.stream().filter(m -> m.type().equals(type) && device.equals(m.device())).toList();
    }

    /** Messages that did not decode (should stay empty). */
    List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload, qos, retained);
    }

    /** Messages that arrived after {@code m}. */
    List<Msg> after(Msg m) {
        List<Msg> all = all();
        return new ArrayList<>(all.subList(all.indexOf(m) + 1, all.size()));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
