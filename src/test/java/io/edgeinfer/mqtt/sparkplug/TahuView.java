package io.edgeinfer.mqtt.sparkplug;

import io.edgeinfer.mqtt.Publisher;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/** Messages the wire made, decoded with Tahu the way a host decodes them (data against the last birth's datatypes). */
final class TahuView {
    /** One decoded message. */
    record D(String type, String device, SparkplugBPayload payload, SparkplugBProto.Payload raw) {
        Map<String, Object> values() {
            Map<String, Object> out = new LinkedHashMap<>();
            payload.getMetrics().forEach(m -> out.put(m.getName(), m.getValue()));
            return out;
        }

        Metric metric(String name) {
            return payload.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst().orElse(null);
        }

        SparkplugBProto.Payload.Metric rawMetric(String name) {
            return raw.getMetricsList().stream().filter(m -> name.equals(m.getName())).findFirst().orElse(null);
        }
    }

    private final Map<String, MetricDataTypeMap> types = new HashMap<>();

    D decode(Publisher.Message m) throws Exception {
        String[] t = m.topic().split("/");
        String type = t[2];
        String device = t.length > 4 ? t[4] : null;
        String subject = t[3] + (device == null ? "" : "/" + device);
        boolean certificate = type.endsWith("BIRTH") || type.endsWith("DEATH");
        SparkplugBPayload p = new SparkplugBPayloadDecoder().buildFromByteArray(m.payload(), certificate
                ? null
                : types.get(subject));
        if (type.endsWith("BIRTH")) {
            MetricDataTypeMap map = new MetricDataTypeMap();
            p.getMetrics().forEach(x -> map.addMetricDataType(x.getName(), x.getDataType()));
            types.put(subject, map);
        }
        return new D(type, device, p, SparkplugBProto.Payload.parseFrom(m.payload()));
    }
}
