package io.edgeinfer.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical text of a JSON command, the bytes a signature covers (docs/mqtt-api.md, "Signed
 * commands"): no whitespace, object members sorted by key (UTF-16 code units, as Java and
 * JavaScript compare strings), strings escaped as RFC 8785 does, and numbers <em>exactly as they
 * were written</em>. Keeping numbers verbatim means a sender in any language signs what it sends
 * without having to agree with us on how to print a float.
 *
 * <p>Commands are parsed strictly: a duplicated key (which copy would we obey?) and nesting deeper
 * than {@value #MAX_DEPTH} levels are refused.
 */
public final class CanonicalJson {
    static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private CanonicalJson() {
    }

    /** Parses a command strictly. */
    public static JsonNode parse(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * The canonical text of {@code json} without the member at {@code excluded} (a path of keys from
     * the top, e.g. {@code ["auth", "sig"]}: the signature itself).
     */
    public static String canonical(byte[] json, List<String> excluded) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            StringBuilder out = new StringBuilder(json.length);
            value(p, out, excluded, 0);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the JSON value");
            }
            return out.toString();
        }
    }

    private static void value(JsonParser p, StringBuilder out, List<String> excluded, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("no JSON value");
        }
        switch (t) {
            case START_OBJECT -> object(p, out, excluded, depth);
            case START_ARRAY -> {
                out.append('[');
                boolean first = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value(p, out, List.of(), depth + 1);
                }
                out.append(']');
            }
            case VALUE_STRING -> string(p.getText(), out);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.append(p.getText());
            case VALUE_TRUE -> out.append("true");
            case VALUE_FALSE -> out.append("false");
            case VALUE_NULL -> out.append("null");
            default -> throw new IOException("unexpected JSON token " + t);
        }
    }

    private static void object(JsonParser p, StringBuilder out, List<String> excluded, int depth) throws IOException {
        Map<String, String> members = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            boolean onPath = depth < excluded.size() && excluded.get(depth).equals(key);
            if (onPath && depth == excluded.size() - 1) {
                p.skipChildren();
                continue;
            }
            StringBuilder v = new StringBuilder();
            value(p, v, onPath ? excluded : List.of(), depth + 1);
            members.put(key, v.toString());
        }
        out.append('{');
        List<String> parts = new ArrayList<>(members.size());
        members.forEach((k, v) -> {
            StringBuilder m = new StringBuilder();
            string(k, m);
            parts.add(m.append(':').append(v).toString());
        });
        out.append(String.join(",", parts)).append('}');
    }

    /** RFC 8785 string escaping: only the quote, the backslash and control characters are escaped. */
    public static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
