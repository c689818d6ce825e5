package io.edgeinfer.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) that documents a message contract, and the field tables of the
 * Markdown that describes the same fields: the tests hold messages, schema and tables to each other.
 */
public final class ContractSchema {
    private final JsonNode raw;

    public ContractSchema(Path file) {
        try {
            raw = Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema as written. */
    public JsonNode raw() {
        return raw;
    }

    /** What is wrong with {@code message} against the whole schema, one line each; empty when it conforms. */
    public List<String> violations(JsonNode message) {
        return validate(raw, message);
    }

    /** What is wrong with {@code message} as the definition {@code $defs/def}; empty when it conforms. */
    public List<String> violations(String def, JsonNode message) {
        ObjectNode root = raw.deepCopy();
        root.put("$ref", "#/$defs/" + def);
        return validate(root, message);
    }

    private static List<String> validate(JsonNode schemaNode, JsonNode message) {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(message)) {
            out.add(e.toString());
        }
        return out;
    }

    /**
     * The fields named by the first cells of the tables in {@code doc}'s section {@code heading} (the
     * line exactly), up to the next heading of the same or a higher level.
     *
     * @param firstCell a table row's start, its group 1 the field name
     */
    public static Set<String> tableFields(Path doc, String heading, Pattern firstCell) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int level = heading.indexOf(' ');
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : lines) {
            int hashes = line.startsWith("#") ? line.indexOf(' ') : -1;
            if (hashes > 0 && hashes <= level) {
                inSection = line.equals(heading);
            } else if (inSection) {
                Matcher m = firstCell.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The top-level keys of a message, to compare with a schema's properties. */
    public static Set<String> keys(JsonNode message) {
        Set<String> names = new TreeSet<>();
        message.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
