package io.edgeinfer.mqtt.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.PredictionMessage;
import io.edgeinfer.mqtt.TelemetryMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.tahu.message.model.MetricDataType;

/**
 * Who says what: the node, and (for a config with a {@code pipelines:} list) one device per
 * pipeline. A prediction belongs to its pipeline's device, or to the node when there are no devices
 * (a single-pipeline config, as before devices existed); telemetry's device-wide figures belong to
 * the node and each pipeline's entry to its device.
 */
final class Subjects {
    static final String BD_SEQ = "bdSeq";
    static final String NODE_REBIRTH = "Node Control/Rebirth";
    static final String DEVICE_REBIRTH = "Device Control/Rebirth";
    private static final String PREDICTION = "prediction";
    private static final String TELEMETRY = "telemetry";
    private static final String REPLAYED = PREDICTION + "/replayed";
    /** What a pipeline without a classifier never publishes. */
    private static final Set<String> WITHOUT_CLASSIFIER = Set.of("model", "label", "confidence", "scores");

    /** One addressee's share of a document: its metric values, captured at {@code ts}. */
    record Part(Subject subject, Map<String, Object> values, long ts) {
    }

    final Subject node;
    private final Map<String, Subject> devices = new LinkedHashMap<>();

    /**
     * @param labels each pipeline's model labels (its score metrics), in config order; null for a
     *     pipeline without a classifier
     * @param asDevices each pipeline is a device; else the one pipeline's predictions are the node's
     */
    Subjects(Map<String, List<String>> labels, boolean asDevices) {
        MetricSchema n = new MetricSchema().add(BD_SEQ, MetricDataType.Int64).add(NODE_REBIRTH, MetricDataType.Boolean);
        if (!asDevices) {
            predictions(n, labels.values().iterator().next());
        }
        n.add(TELEMETRY, TelemetryMessage.class, List.of(), Set.of("pipelines"));
        node = new Subject(null, n);
        if (asDevices) {
            for (Map.Entry<String, List<String>> p : labels.entrySet()) {
                MetricSchema d = new MetricSchema().add(DEVICE_REBIRTH, MetricDataType.Boolean);
                predictions(d, p.getValue());
                d.add(TELEMETRY, TelemetryMessage.PipelineEntry.class, List.of(), Set.of("id"));
                devices.put(p.getKey(), new Subject(p.getKey(), d));
            }
        }
    }

    /**
     * @param labels the classifier's labels, or null for a pipeline without one: its anomaly messages
     *     carry no model, label, confidence or scores, so its birth declares none of them
     */
    private static void predictions(MetricSchema s, List<String> labels) {
        if (labels == null) {
            s.add(PREDICTION, PredictionMessage.class, List.of(), WITHOUT_CLASSIFIER);
        } else {
            s.add(PREDICTION, PredictionMessage.class, labels, Set.of());
        }
        s.add(REPLAYED, MetricDataType.Boolean);
    }

    Collection<Subject> devices() {
        return devices.values();
    }

    /** The device of pipeline {@code id}, or null. */
    Subject device(String id) {
        return devices.get(id);
    }

    /** Whether {@code topic} carries a document Sparkplug reports (predictions, telemetry). */
    static boolean reported(String topic) {
        return topic.endsWith("/predictions") || topic.endsWith("/telemetry");
    }

    /** The shares of a document of a {@link #reported} topic. */
    List<Part> parts(String topic, JsonNode doc, boolean replayed) {
        long ts = doc.path("ts_ms").asLong(System.currentTimeMillis());
        List<Part> out = new ArrayList<>();
        if (topic.endsWith("/predictions")) {
            Subject s = devices.isEmpty() ? node : devices.get(pipelineOf(topic));
            if (s != null) {
                Map<String, Object> v = s.schema.values(PREDICTION, doc);
                v.put(REPLAYED, replayed);
                out.add(new Part(s, v, ts));
            }
        } else {
            out.add(new Part(node, node.schema.values(TELEMETRY, doc), ts));
            for (JsonNode entry : doc.path("pipelines")) {
                Subject s = devices.get(entry.path("id").asText());
                if (s != null) {
                    out.add(new Part(s, s.schema.values(TELEMETRY, entry), ts));
                }
            }
        }
        return out;
    }

    /** {@code prefix/device/pipelines/ID/predictions}: ID. */
    private static String pipelineOf(String topic) {
        String[] t = topic.split("/");
        return t.length >= 3 && t[t.length - 3].equals("pipelines") ? t[t.length - 2] : null;
    }
}
