package io.edgeinfer.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.edgeinfer.mqtt.Json;
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

/** The documented telemetry contract: docs/telemetry.schema.json and the table in docs/mqtt-api.md. */
public final class TelemetrySchema {
    private static final Path SCHEMA = Path.of("docs/telemetry.schema.json");
    private static final Path API = Path.of("docs/mqtt-api.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\|");

    private final JsonNode raw;
    private final Schema schema;

    public TelemetrySchema() {
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

    /** Top-level field names the schema documents. */
    public Set<String> properties() {
        Set<String> names = new TreeSet<>();
        raw.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Field names in the {@code telemetry} table of docs/mqtt-api.md. */
    public static Set<String> documentedInApi() {
        List<String> lines;
        try {
            lines = Files.readAllLines(API);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## `telemetry`");
            } else if (inSection) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The keys of a message, for comparing against {@link #properties}. */
    public static Set<String> keys(JsonNode message) {
        Set<String> names = new TreeSet<>();
        message.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
