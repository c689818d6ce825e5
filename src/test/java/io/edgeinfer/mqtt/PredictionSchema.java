package io.edgeinfer.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The documented predictions contract: docs/predictions.schema.json and its tables in docs/mqtt-api.md. */
public final class PredictionSchema {
    private static final Path SCHEMA = Path.of("docs/predictions.schema.json");
    private static final Path API = Path.of("docs/mqtt-api.md");
    /** A table row's first cell: a field name, or a dotted path whose first part is the field. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)(?:\\.[a-z0-9_.]+)?` \\|");

    private final JsonNode raw;
    private final Schema schema;

    public PredictionSchema() {
        try {
            raw = Json.mapper().readTree(Files.readString(SCHEMA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(raw);
    }

    /** What is wrong with a message, one line per violation; empty when it conforms. */
    public List<String> violations(JsonNode message) {
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(message)) {
            out.add(e.toString());
        }
        return out;
    }

    /** Field names the schema documents for {@code prediction} or {@code batch}. */
    public Set<String> properties(String def) {
        Set<String> names = new TreeSet<>();
        raw.get("$defs").get(def).get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Field names in the table under the heading {@code heading} of docs/mqtt-api.md (up to the next heading). */
    public static Set<String> documentedInApi(String heading) {
        List<String> lines;
        try {
            lines = Files.readAllLines(API);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("#")) {
                inSection = line.equals(heading);
            } else if (inSection) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    public static Set<String> keys(JsonNode message) {
        Set<String> names = new TreeSet<>();
        message.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
