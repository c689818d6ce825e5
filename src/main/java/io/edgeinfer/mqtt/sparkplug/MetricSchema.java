package io.edgeinfer.mqtt.sparkplug;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.tahu.message.model.MetricDataType;

/**
 * The metrics of one Sparkplug node or device, derived from the payload records themselves
 * (component names in snake_case, nested records as path levels), so a birth always lists exactly
 * what data can carry. A label-keyed map (scores) becomes one Double metric per label, and learns
 * a label it had not seen (a swapped model's); a list of names (flags) becomes a StringArray.
 */
final class MetricSchema {
    private final Map<String, MetricDataType> types = new LinkedHashMap<>();
    private final Set<String> maps = new HashSet<>();

    /**
     * Adds every leaf of a payload record under {@code prefix}.
     *
     * @param mapKeys the keys each map component starts with (the model's labels)
     * @param skip components left out (a list another addressee reports, an id the topic carries)
     */
    MetricSchema add(String prefix, Class<? extends Record> type, List<String> mapKeys, Set<String> skip) {
        walk(prefix, type, mapKeys, skip);
        return this;
    }

    MetricSchema add(String name, MetricDataType type) {
        types.put(name, type);
        return this;
    }

    private void walk(String prefix, Class<?> type, List<String> mapKeys, Set<String> skip) {
        for (RecordComponent c : type.getRecordComponents()) {
            String snake = snake(c.getName());
            if (skip.contains(snake)) {
                continue;
            }
            // @JsonUnwrapped members put their fields at this level in the JSON; so do their metrics.
            boolean unwrapped = c.getAccessor().isAnnotationPresent(JsonUnwrapped.class);
            String name = unwrapped ? prefix : prefix + "/" + snake;
            Class<?> t = c.getType();
            if (t.isRecord()) {
                walk(name, t, mapKeys, skip);
            } else if (Map.class.isAssignableFrom(t)) {
                maps.add(name);
                for (String k : mapKeys) {
                    types.put(name + "/" + k, MetricDataType.Double);
                }
            } else if (List.class.isAssignableFrom(t)) {
                types.put(name, MetricDataType.StringArray);
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

    MetricDataType type(String name) {
        return types.get(name);
    }

    int size() {
        return types.size();
    }

    /**
     * Leaf values of a JSON document by metric name, typed as declared; names not declared are left
     * out, except a new key of a label map, which is declared (as Double) on the way: compare
     * {@link #size()} before and after to see whether a birth must declare it.
     */
    Map<String, Object> values(String prefix, JsonNode doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten(prefix, doc, out);
        return out;
    }

    private void flatten(String name, JsonNode n, Map<String, Object> out) {
        MetricDataType t = types.get(name);
        if (n.isObject() && t == null) {
            n.fields().forEachRemaining(f -> flatten(name + "/" + f.getKey(), f.getValue(), out));
            return;
        }
        if (t == null) {
            int slash = name.lastIndexOf('/');
            if (slash < 0 || !maps.contains(name.substring(0, slash)) || !n.isNumber()) {
                return;
            }
            t = MetricDataType.Double;
            types.put(name, t);
        }
        out.put(name, value(t, n));
    }

    private static Object value(MetricDataType t, JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (t == MetricDataType.Int64) {
            return n.asLong();
        }
        if (t == MetricDataType.Double) {
            return n.asDouble();
        }
        if (t == MetricDataType.Boolean) {
            return n.asBoolean();
        }
        if (t == MetricDataType.StringArray) {
            String[] a = new String[n.size()];
            for (int i = 0; i < a.length; i++) {
                // A list of objects (an anomaly's top features) keeps each one as its JSON text.
                a[i] = n.get(i).isValueNode() ? n.get(i).asText() : n.get(i).toString();
            }
            return a;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
