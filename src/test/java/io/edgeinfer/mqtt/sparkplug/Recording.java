package io.edgeinfer.mqtt.sparkplug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/**
 * What the edge node sent, as the {@link WireTap} saw it, cut into MQTT connections and decoded
 * with Tahu (data against the datatypes of the births before it, as a host decodes).
 */
final class Recording {
    /** One PUBLISH of the node, decoded. */
    record Pub(WireTap.Packet packet, String type, String device, SparkplugBPayload payload,
            SparkplugBProto.Payload raw) {
        long seq() {
            return payload.getSeq();
        }

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

        boolean historical() {
            return payload.getMetrics().stream().allMatch(m -> Boolean.TRUE.equals(m.isHistorical()));
        }
    }

    /** One MQTT connection of the node: its CONNECT, then every packet either way. */
    record Connection(int number, WireTap.Connect connect, List<WireTap.Packet> packets, List<Pub> pubs) {
        /** Bytes of the will, decoded. */
        SparkplugBPayload will() throws Exception {
            return new SparkplugBPayloadDecoder().buildFromByteArray(connect.willPayload(), null);
        }

        long willBdSeq() throws Exception {
            return (Long) will().getMetrics().stream().filter(m -> m.getName().equals("bdSeq")).findFirst()
                    .orElseThrow()
                    .getValue();
        }

        List<Pub> of(String type) {
            return pubs.stream().filter(p -> p.type().equals(type)).toList();
        }

        /** Index in {@link #packets} of the first packet the client sent of {@code type}, or -1. */
        int firstSent(int type) {
            for (int i = 0; i < packets.size(); i++) {
                if (packets.get(i).fromClient() && packets.get(i).type() == type) {
                    return i;
                }
            }
            return -1;
        }
    }

    final List<Connection> connections = new ArrayList<>();

    /** The node's connections (those whose will is its NDEATH), in order. */
    Recording(List<WireTap.Packet> packets, String nodeDeathTopic) throws Exception {
        Map<Integer, List<WireTap.Packet>> byConnection = new TreeMap<>();
        for (WireTap.Packet p : packets) {
            byConnection.computeIfAbsent(p.connection(), k -> new ArrayList<>()).add(p);
        }
        Map<String, MetricDataTypeMap> types = new HashMap<>();
        for (Map.Entry<Integer, List<WireTap.Packet>> e : byConnection.entrySet()) {
            List<WireTap.Packet> ps = e.getValue();
            if (ps.isEmpty() || ps.get(0).type() != WireTap.CONNECT) {
                continue;
            }
            WireTap.Connect c = ps.get(0).connect();
            if (!nodeDeathTopic.equals(c.willTopic())) {
                continue;
            }
            List<Pub> pubs = new ArrayList<>();
            for (WireTap.Packet p : ps) {
                if (p.fromClient() && p.type() == WireTap.PUBLISH && SparkplugHost.type(p.topic()) != null) {
                    pubs.add(decode(p, types));
                }
            }
            connections.add(new Connection(e.getKey(), c, ps, pubs));
        }
    }

    private static Pub decode(WireTap.Packet p, Map<String, MetricDataTypeMap> types) throws Exception {
        String[] t = p.topic().split("/");
        String type = t[2];
        String device = t.length > 4 ? t[4] : null;
        String subject = t[3] + (device == null ? "" : "/" + device);
        boolean certificate = type.endsWith("BIRTH") || type.endsWith("DEATH");
        SparkplugBPayload payload = new SparkplugBPayloadDecoder().buildFromByteArray(p.payload(),
                certificate ? null : types.get(subject));
        if (type.endsWith("BIRTH")) {
            MetricDataTypeMap map = new MetricDataTypeMap();
            payload.getMetrics().forEach(m -> map.addMetricDataType(m.getName(), m.getDataType()));
            types.put(subject, map);
        }
        return new Pub(p, type, device, payload, SparkplugBProto.Payload.parseFrom(p.payload()));
    }

    List<Pub> pubs() {
        return connections.stream().flatMap(c -> c.pubs().stream()).toList();
    }

    List<Pub> of(String type) {
        return pubs().stream().filter(p -> p.type().equals(type)).toList();
    }
}
