package io.edgeinfer.mqtt.homeassistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.HomeAssistantConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.PublishConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Home Assistant MQTT discovery configs of one board (docs/homeassistant.md): one device, and per
 * pipeline its current label, top score and serving model version (with a classifier), its anomaly
 * state and alarm (with the anomaly stage on), and its health (when the config lists pipelines), and
 * for the board its health, power and CPU temperature. Every entity reads a topic
 * the daemon already publishes, with a {@code value_template} no deeper than {@code value_json.a.b}
 * or {@code value_json.a[i].b}, and is available while the retained {@code status} says online.
 *
 * <p>Configs go to {@code <prefix>/<component>/<node_id>/<object_id>/config}, retained; the ids keep
 * to the characters Home Assistant allows there ({@code [a-zA-Z0-9_-]}).
 */
public final class Discovery {
    private static final String ON = "online";
    private static final String OFF = "offline";

    private final HomeAssistantConfig config;
    private final Topics topics;
    private final String version;
    private final String nodeId;

    /** @param version the daemon's version (the device's software version) */
    public Discovery(HomeAssistantConfig config, Topics topics, String version) {
        this.config = config;
        this.topics = topics;
        this.version = version;
        this.nodeId = id(topics.prefix() + "_" + topics.deviceId());
    }

    /**
     * What the entities of one pipeline read.
     *
     * @param predictions the pipeline's predictions topic
     * @param batch the pipeline publishes batches ({@code publish.mode: batch}): its label and score
     *     are the last prediction's of each batch
     * @param labels the serving model's labels (the label entity's options); empty for a pipeline without a
     *     classifier, which has no label, score or model version to announce
     * @param anomaly the pipeline's anomaly stage is on ({@code anomaly.enabled})
     */
    public record Pipeline(String id, String predictions, boolean batch, List<String> labels, boolean anomaly) {
        public Pipeline {
            labels = List.copyOf(labels);
        }
    }

    /** The states of a prediction's {@code anomaly.state}, as the messages name them. */
    static final List<String> ANOMALY_STATES = Arrays.stream(AnomalyResult.State.values()).map(AnomalyResult.State::key)
            .toList();

    /**
     * The pipelines of {@code config} as the entities read them.
     *
     * @param labels each pipeline's labels: its serving model's in a running daemon, the config's otherwise
     *     (asked only of a pipeline with a classifier)
     */
    public static List<Pipeline> pipelines(DaemonConfig config, Topics topics,
            Function<PipelineSpec, List<String>> labels) {
        return config.pipelines().stream().map(p -> new Pipeline(p.id(), topics.predictions(p.id(), config.named()),
                p.publish().mode() == PublishConfig.Mode.BATCH, p.hasModel() ? labels.apply(p) : List.of(),
                p.anomaly().enabled())).toList();
    }

    /** One retained discovery message. */
    public record Config(String component, String objectId, String topic, ObjectNode payload) {
    }

    /**
     * The board's discovery configs.
     *
     * @param named the config lists its pipelines (each gets its own health entity, names carry the id)
     */
    public List<Config> configs(List<Pipeline> pipelines, boolean named) {
        List<Config> out = new ArrayList<>();
        for (int i = 0; i < pipelines.size(); i++) {
            Pipeline p = pipelines.get(i);
            String obj = named ? id(p.id()) + "_" : "";
            String last = p.batch() ? "value_json.predictions[-1]." : "value_json.";
            if (!p.labels().isEmpty()) {
                classifier(out, named, i, p, obj, last);
            }
            if (p.anomaly()) {
                ObjectNode state = entity(name(named, p, "anomaly"), p.predictions(), "{{ " + last + "anomaly.state }}",
                        "mdi:chart-bell-curve");
                state.put("device_class", "enum");
                ANOMALY_STATES.forEach(state.putArray("options")::add);
                out.add(config("sensor", obj + "anomaly", state));
                // A Python bool, as Jinja renders it.
                ObjectNode alarm = entity(name(named, p, "anomaly alarm"), p.predictions(),
                        "{{ " + last + "anomaly.alarm }}", null);
                alarm.put("device_class", "problem");
                alarm.put("payload_on", "True");
                alarm.put("payload_off", "False");
                out.add(config("binary_sensor", obj + "anomaly_alarm", alarm));
            }
            if (named) {
                out.add(config("binary_sensor", obj + "health",
                        health(name(true, p, "health"), "{{ value_json.pipelines[" + i + "].health }}")));
            }
        }
        out.add(config("binary_sensor", "health", health("Health", "{{ value_json.health }}")));
        ObjectNode power = entity("Power", topics.telemetry(), "{{ value_json.power_w }}", null);
        measured(power, "power", "W");
        out.add(config("sensor", "power", power));
        ObjectNode temp = entity("CPU temperature", topics.telemetry(), "{{ value_json.cpu_temp_c }}", null);
        measured(temp, "temperature", "°C");
        out.add(config("sensor", "cpu_temperature", temp));
        return out;
    }

    private void classifier(List<Config> out, boolean named, int i, Pipeline p, String obj, String last) {
        ObjectNode label = entity(name(named, p, "label"), p.predictions(), "{{ " + last + "label }}", "mdi:tag");
        label.put("device_class", "enum");
        p.labels().forEach(label.putArray("options")::add);
        out.add(config("sensor", obj + "label", label));
        ObjectNode score = entity(name(named, p, "score"), p.predictions(), "{{ " + last + "confidence }}",
                "mdi:gauge");
        score.put("state_class", "measurement");
        score.put("suggested_display_precision", 3);
        out.add(config("sensor", obj + "score", score));
        ObjectNode model = entity(name(named, p, "model version"), topics.status(),
                "{{ value_json.pipelines[" + i + "].model.version }}", "mdi:brain");
        model.put("entity_category", "diagnostic");
        out.add(config("sensor", obj + "model_version", model));
    }

    /** The config topics {@link #configs} would use: what decommissioning clears. */
    public List<String> topics(List<Pipeline> pipelines, boolean named) {
        return configs(pipelines, named).stream().map(Config::topic).toList();
    }

    private Config config(String component, String objectId, ObjectNode payload) {
        String unique = nodeId + "_" + objectId;
        payload.put("unique_id", unique);
        payload.put("default_entity_id", component + "." + unique.toLowerCase(Locale.ROOT).replace('-', '_'));
        payload.set("device", device());
        payload.set("origin", origin());
        return new Config(component, objectId, config.prefix() + "/" + component + "/" + nodeId + "/" + objectId
                + "/config",
                payload);
    }

    private ObjectNode entity(String name, String stateTopic, String template, String icon) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("name", name);
        e.put("state_topic", stateTopic);
        e.put("value_template", template);
        e.put("availability_topic", topics.status());
        e.put("availability_template", "{{ value_json.state }}");
        e.put("payload_available", ON);
        e.put("payload_not_available", OFF);
        if (icon != null) {
            e.put("icon", icon);
        }
        return e;
    }

    private ObjectNode health(String name, String template) {
        ObjectNode h = entity(name, topics.status(), template, null);
        h.put("device_class", "problem");
        h.put("payload_on", "degraded");
        h.put("payload_off", "ok");
        return h;
    }

    private static void measured(ObjectNode e, String deviceClass, String unit) {
        e.put("device_class", deviceClass);
        e.put("unit_of_measurement", unit);
        e.put("state_class", "measurement");
        e.put("entity_category", "diagnostic");
    }

    private ObjectNode device() {
        ObjectNode d = Json.mapper().createObjectNode();
        d.putArray("identifiers").add(nodeId);
        d.put("name", topics.deviceId());
        d.put("manufacturer", "edgeinfer");
        d.put("model", "edge-inference daemon");
        d.put("sw_version", version);
        return d;
    }

    private ObjectNode origin() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("name", "edgeinfer");
        o.put("sw_version", version);
        return o;
    }

    /**
     * An entity's name; Home Assistant shows it after the device's. A config that lists pipelines
     * names the pipeline ({@code motor-a label}); a single pipeline's are the board's own ({@code Label}).
     */
    private static String name(boolean named, Pipeline p, String what) {
        return named ? p.id() + " " + what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }

    /** An id in the characters a discovery topic level allows: letters, digits, '_' and '-'. */
    static String id(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
