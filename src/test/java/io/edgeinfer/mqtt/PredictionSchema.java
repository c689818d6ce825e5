package io.edgeinfer.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The documented predictions contract: docs/predictions.schema.json and its tables in docs/mqtt-api.md. */
public final class PredictionSchema {
    private static final Path API = Path.of("docs/mqtt-api.md");
    /** A table row's first cell: a field name, or a dotted path whose first part is the field. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)(?:\\.[a-z0-9_.]+)?` \\|");

    private final ContractSchema schema = new ContractSchema(Path.of("docs/predictions.schema.json"));

    /** What is wrong with a message, one line per violation; empty when it conforms. */
    public List<String> violations(JsonNode message) {
        return schema.violations(message);
    }

    /** Field names the schema documents for {@code prediction} or {@code batch}. */
    public Set<String> properties(String def) {
        Set<String> names = new TreeSet<>();
        schema.raw().get("$defs").get(def).get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Field names in the tables under the heading {@code heading} of docs/mqtt-api.md. */
    public static Set<String> documentedInApi(String heading) {
        return ContractSchema.tableFields(API, heading, ROW);
    }

    public static Set<String> keys(JsonNode message) {
        return ContractSchema.keys(message);
    }
}
