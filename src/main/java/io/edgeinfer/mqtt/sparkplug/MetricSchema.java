package io.edgeinfer.mqtt.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Json;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.message.model.MetricDataType;

/**
 * The Sparkplug metric set, derived from the payload records themselves (component names in
 * snake_case, nested records as path levels), so NBIRTH always lists exactly what NDATA can carry.
 * Label-keyed maps (scores) become one metric per label.
 */
final class MetricSchema {
    private final Map<String, MetricDataType> types = new LinkedHashMap<>();

    /** Adds every leaf of a payload record under {@code prefix}; maps get one metric per key. */
    MetricSchema add(String prefix, Class<? extends Record> type, List<String> mapKeys) {
        walk(prefix, type, mapKeys);
        return this;
    }

    MetricSchema add(String name, MetricDataType type) {
        types.put(name, type);
        return this;
    }

    private void walk(String prefix, Class<?> type, List<String> mapKeys) {
        for (RecordComponent c : type.getRecordComponents()) {
            // @JsonUnwrapped members put their fields at this level in the JSON; so do their metrics.
            boolean unwrapped = c.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonUnwrapped.class);
            String name = unwrapped ? prefix : prefix + "/" + snake(c.getName());
            Class<?> t = c.getType();
            if (t.isRecord()) {
                walk(name, t, mapKeys);
            } else if (Map.class.isAssignableFrom(t)) {
                for (String k : mapKeys) {
                    types.put(name + "/" + k, MetricDataType.Double);
                }
            } else {
                types.put(name, typeOf(t));
            }
        }
    }

    private static MetricDataType typeOf(Class<?> t) {
        if (t == long.class || t == Long.class || t == int.class || t == Integer.class) {
            return MetricDataType.Int64;
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return MetricDataType.Double;
        }
        if (t == boolean.class || t == Boolean.class) {
            return MetricDataType.Boolean;
        }
        return MetricDataType.String;
    }

    Map<String, MetricDataType> types() {
        return types;
    }

    /** Leaf values of a JSON document by metric name; names not in the schema are left out. */
    Map<String, Object> values(String prefix, byte[] json) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            flatten(prefix, Json.mapper().readTree(json), out);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getMessage(), e);
        }
        return out;
    }

    private void flatten(String name, JsonNode n, Map<String, Object> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(f -> flatten(name + "/" + f.getKey(), f.getValue(), out));
            return;
        }
        MetricDataType t = types.get(name);
        if (t == null) {
            return;
        }
        Object v;
        if (n.isNull()) {
            v = null;
        } else if (t == MetricDataType.Int64) {
            v = n.asLong();
        } else if (t == MetricDataType.Double) {
            v = n.asDouble();
        } else if (t == MetricDataType.Boolean) {
            v = n.asBoolean();
        } else {
            v = n.asText();
        }
        out.put(name, v);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
