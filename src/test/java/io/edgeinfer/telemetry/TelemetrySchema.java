package io.edgeinfer.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.ContractSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The documented telemetry contract: docs/telemetry.schema.json and the table in docs/mqtt-api.md. */
public final class TelemetrySchema {
    private static final Path API = Path.of("docs/mqtt-api.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\|");

    private final ContractSchema schema = new ContractSchema(Path.of("docs/telemetry.schema.json"));

    /** What is wrong with a message, one line per violation; empty when it conforms. */
    public List<String> violations(JsonNode message) {
        return schema.violations(message);
    }

    /** Top-level field names the schema documents. */
    public Set<String> properties() {
        Set<String> names = new TreeSet<>();
        schema.raw().get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Field names in the {@code telemetry} table of docs/mqtt-api.md. */
    public static Set<String> documentedInApi() {
        return ContractSchema.tableFields(API, "## `telemetry`", ROW);
    }

    /** The keys of a message, for comparing against {@link #properties}. */
    public static Set<String> keys(JsonNode message) {
        return ContractSchema.keys(message);
    }
}
