package io.edgeinfer.control.fleet;

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

/** The documented fleet payloads: docs/fleet-desired.schema.json and docs/fleet-report.schema.json. */
public final class FleetSchemas {
    private static final Schema DESIRED = load("docs/fleet-desired.schema.json");
    private static final Schema REPORT = load("docs/fleet-report.schema.json");

    private FleetSchemas() {
    }

    /** What is wrong with a desired-state document, one line per violation; empty when it conforms. */
    public static List<String> desired(JsonNode doc) {
        return violations(DESIRED, doc);
    }

    /** What is wrong with a device report; empty when it conforms. */
    public static List<String> report(JsonNode report) {
        return violations(REPORT, report);
    }

    private static List<String> violations(Schema s, JsonNode message) {
        List<String> out = new ArrayList<>();
        for (Error e : s.validate(message)) {
            out.add(e.toString());
        }
        return out;
    }

    private static Schema load(String path) {
        try {
            JsonNode raw = Json.mapper().readTree(Files.readString(Path.of(path)));
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
