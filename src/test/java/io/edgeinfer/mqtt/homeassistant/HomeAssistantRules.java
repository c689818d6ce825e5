package io.edgeinfer.mqtt.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.ContractSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Home Assistant's MQTT integration requires of a discovery message: its topic
 * ({@code <discovery_prefix>/<component>/[<node_id>/]<object_id>/config}, ids of {@code [a-zA-Z0-9_-]})
 * and its payload (src/test/resources/homeassistant/discovery.schema.json, per component).
 */
public final class HomeAssistantRules {
    private static final Pattern TOPIC = Pattern.compile(
            "^(.+)/(sensor|binary_sensor)/(?:([a-zA-Z0-9_-]+)/)?([a-zA-Z0-9_-]+)/config$");

    private final ContractSchema schema = new ContractSchema(Path.of(
            "src/test/resources/homeassistant/discovery.schema.json"));

    /** The component a discovery topic names, or null when the topic does not have Home Assistant's shape. */
    public static String component(String prefix, String topic) {
        Matcher m = TOPIC.matcher(topic);
        return m.matches() && m.group(1).equals(prefix) ? m.group(2) : null;
    }

    /** What is wrong with a {@code component}'s discovery payload; empty when Home Assistant would take it. */
    public List<String> violations(String component, JsonNode payload) {
        return schema.violations(component, payload);
    }
}
