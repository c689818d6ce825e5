package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes config values as YAML text for {@link YamlEdits}: scalars and flow collections on one line
 * ({@code {path: m.pt, labels: [a, b]}}), or a mapping in block style under a key. A string is left
 * plain only when YAML cannot read it as anything else; otherwise it is double-quoted, JSON-escaped
 * (a version {@code 1.0} stays a string, {@code yes} stays a word).
 */
final class FlowYaml {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+@=-]*");
    private static final Set<String> WORDS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    private FlowYaml() {
    }

    /** {@code value} on one line. */
    static String flow(JsonNode value) {
        if (value.isObject()) {
            List<String> members = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                members.add(string(e.getKey()) + ": " + flow(e.getValue()));
            }
            return "{" + String.join(", ", members) + "}";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(flow(v)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isTextual()) {
            return string(value.asText());
        }
        return value.isNull() ? "null" : value.asText();
    }

    /**
     * The text after {@code key:} for {@code value}: a space and the value on the same line, or, for
     * a non-empty mapping, its members in block style on the lines below, indented to {@code indent}.
     */
    static String afterKey(JsonNode value, int indent) {
        if (!value.isObject() || value.isEmpty()) {
            return " " + flow(value);
        }
        StringBuilder b = new StringBuilder();
        String pad = " ".repeat(indent);
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            b.append('\n').append(pad).append(string(e.getKey())).append(':').append(afterKey(e.getValue(), indent
                    + 2));
        }
        return b.toString();
    }

    static String string(String s) {
        if (PLAIN.matcher(s).matches() && !WORDS.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        // A JSON string is a YAML double-quoted scalar with the same escapes.
        StringBuilder b = new StringBuilder();
        CanonicalJson.string(s, b);
        return b.toString();
    }
}
