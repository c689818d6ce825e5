package io.edgeinfer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented API contract, docs/web-api.schema.json: validates a document as one of its
 * definitions, and lists keys a document has that the schema does not document (the schema lets
 * readers ignore unknown keys, so validation alone would not catch an undocumented one).
 */
public final class WebSchema {
    private static final Path SCHEMA = Path.of("docs/web-api.schema.json");

    private final JsonNode raw;

    public WebSchema() {
        try {
            raw = new ObjectMapper().readTree(Files.readString(SCHEMA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code doc} as the definition {@code def}, one line each; empty when it conforms. */
    public List<String> violations(String def, JsonNode doc) {
        ObjectNode root = raw.deepCopy();
        root.remove("anyOf");
        root.put("$ref", "#/$defs/" + def);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(doc)) {
            out.add(e.toString());
        }
        out.addAll(undocumented("", doc, raw.get("$defs").get(def)));
        return out;
    }

    private List<String> undocumented(String at, JsonNode doc, JsonNode schema) {
        List<String> out = new ArrayList<>();
        if (doc.isObject()) {
            Map<String, JsonNode> props = new LinkedHashMap<>();
            collect(schema, props);
            if (props.isEmpty()) {
                return out; // a free-form object (telemetry, scores, answer)
            }
            Iterator<Map.Entry<String, JsonNode>> fields = doc.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode s = props.get(f.getKey());
                if (s == null) {
                    out.add(at + "/" + f.getKey() + ": not in docs/web-api.schema.json");
                } else {
                    out.addAll(undocumented(at + "/" + f.getKey(), f.getValue(), s));
                }
            }
        } else if (doc.isArray()) {
            JsonNode items = items(schema);
            for (int i = 0; items != null && i < doc.size(); i++) {
                out.addAll(undocumented(at + "/" + i, doc.get(i), items));
            }
        }
        return out;
    }

    private JsonNode resolve(JsonNode s) {
        while (s != null && s.has("$ref")) {
            s = raw.get("$defs").get(s.get("$ref").asText().substring("#/$defs/".length()));
        }
        return s;
    }

    private void collect(JsonNode schema, Map<String, JsonNode> props) {
        JsonNode s = resolve(schema);
        if (s == null) {
            return;
        }
        s.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue()));
        for (String k : List.of("allOf", "oneOf", "anyOf")) {
            s.path(k).forEach(b -> collect(b, props));
        }
    }

    private JsonNode items(JsonNode schema) {
        JsonNode s = resolve(schema);
        if (s == null) {
            return null;
        }
        if (s.has("items")) {
            return s.get("items");
        }
        for (JsonNode b : s.path("oneOf")) {
            JsonNode i = items(b);
            if (i != null) {
                return i;
            }
        }
        return null;
    }
}
