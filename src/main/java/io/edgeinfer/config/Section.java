package io.edgeinfer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping being read into a config record. Each read records its key, so that {@link
 * #rejectUnknown()} can name every key nobody asked for (a typo must not be silently ignored), and
 * each bad value adds an error instead of throwing, so one pass reports everything.
 */
public final class Section {
    private final JsonNode node;
    private final String path;
    private final List<ConfigError> errors;
    private final Set<String> read = new HashSet<>();

    public Section(JsonNode node, String path, List<ConfigError> errors) {
        this.errors = errors;
        this.path = path;
        if (node == null || node.isMissingNode() || node.isNull()) {
            this.node = MissingNode.getInstance();
        } else if (!node.isObject()) {
            errors.add(new ConfigError(displayPath(), "must be a mapping of keys to values"));
            this.node = MissingNode.getInstance();
        } else {
            this.node = node;
        }
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public List<ConfigError> errors() {
        return errors;
    }

    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** True when the key holds a list (some keys take one value or a list of them). */
    public boolean isList(String key) {
        JsonNode v = node.get(key);
        return v != null && v.isArray();
    }

    public void error(String key, String message) {
        errors.add(new ConfigError(path(key), message));
    }

    private JsonNode get(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    public String string(String key, String fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isValueNode() || v.isBinary()) {
            error(key, "must be a string");
            return fallback;
        }
        return v.asText();
    }

    public String requiredString(String key) {
        String s = string(key, null);
        if (s == null && !hasErrorAt(path(key))) {
            error(key, "is required");
        } else if (s != null && s.isBlank()) {
            error(key, "must not be blank");
            return null;
        }
        return s;
    }

    public int integer(String key, int fallback, int min, int max) {
        long v = longValue(key, fallback, min, max);
        return (int) v;
    }

    public long longValue(String key, long fallback, long min, long max) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        long value;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.asLong();
        } else if (v.isTextual() && v.asText().matches("0[xX][0-9a-fA-F]+")) {
            value = Long.parseLong(v.asText().substring(2), 16);
        } else {
            error(key, "must be a whole number, got '" + v.asText() + "'");
            return fallback;
        }
        if (value < min || value > max) {
            error(key, "must be between " + min + " and " + max + ", got " + value);
            return fallback;
        }
        return value;
    }

    public double number(String key, double fallback, double min, double max) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            error(key, "must be a number, got '" + v.asText() + "'");
            return fallback;
        }
        double value = v.asDouble();
        if (!(value >= min && value <= max)) {
            error(key, "must be between " + min + " and " + max + ", got " + value);
            return fallback;
        }
        return value;
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            error(key, "must be true or false, got '" + v.asText() + "'");
            return fallback;
        }
        return v.asBoolean();
    }

    /** A value that must be one of {@code choices}' keys. */
    public <E> E choice(String key, E fallback, Map<String, E> choices) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        E e = choices.get(s);
        if (e == null) {
            error(key, "must be one of " + new TreeSet<>(choices.keySet()) + ", got '" + s + "'");
            return fallback;
        }
        return e;
    }

    public List<String> stringList(String key, List<String> fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isArray()) {
            error(key, "must be a list of strings");
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                errors.add(new ConfigError(path(key) + "[" + i + "]", "must be a non-blank string"));
            } else {
                out.add(item.asText());
            }
        }
        return List.copyOf(out);
    }

    /** A list of numbers (not numeric strings: values are never coerced). */
    public List<Double> numberList(String key, List<Double> fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isArray()) {
            error(key, "must be a list of numbers");
            return fallback;
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isNumber()) {
                errors.add(new ConfigError(path(key) + "[" + i + "]", "must be a number, got '" + item.asText() + "'"));
            } else {
                out.add(item.asDouble());
            }
        }
        return List.copyOf(out);
    }

    public Section section(String key) {
        return new Section(get(key), path(key), errors);
    }

    /** A list of mappings, e.g. a scenario schedule; each item is its own section. */
    public List<Section> sectionList(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            error(key, "must be a list");
            return null;
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(new Section(v.get(i), path(key) + "[" + i + "]", errors));
        }
        return out;
    }

    /** Adds an error for every key present but never read. Call after all reads. */
    public void rejectUnknown() {
        Iterator<String> names = node.fieldNames();
        List<String> unknown = new ArrayList<>();
        names.forEachRemaining(n -> {
            if (!read.contains(n)) {
                unknown.add(n);
            }
        });
        for (String n : unknown) {
            error(n, "unknown key");
        }
    }

    private boolean hasErrorAt(String p) {
        return errors.stream().anyMatch(e -> e.path().equals(p));
    }

    private String displayPath() {
        return path.isEmpty() ? "(top level)" : path;
    }
}
