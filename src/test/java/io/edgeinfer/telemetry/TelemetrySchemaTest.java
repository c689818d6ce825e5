package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.TelemetryMessage;
import io.edgeinfer.mqtt.TelemetryMessage.Percentiles;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.telemetry.board.ThrottleFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The message, the JSON Schema and the docs table describe the same fields. */
class TelemetrySchemaTest {
    private final TelemetrySchema schema = new TelemetrySchema();

    private static JsonNode full() {
        Percentiles p = new Percentiles(1.0, 2.0, 3.0, 4.0);
        TelemetryMessage m = new TelemetryMessage(1, "b", 1, 1, new ModelRef("m", "1", "0".repeat(64)),
                new TelemetryMessage.Pipeline(5, 1, 5, 5, 0, 0, 1, p, p, p, p),
                new TelemetryMessage.Process(1.0, 200.0, 10, 0.5, 1, 33, 20),
                new TelemetryMessage.Power("pmic", 7.2, 3.1, 2.0, 2.5),
                new TelemetryMessage.Thermal(60.1, 2400.0, ThrottleFlags.parse("throttled=0x50005").message(),
                        true, 1.1),
                new TelemetryMessage.Outbox(3L, 0L, "durable", null),
                new SourceStats.Snapshot("ok", 0, 0, 1, 0, 0, 0, 0),
                List.of(new TelemetryMessage.PipelineEntry("main", new ModelRef("m", "1", "0".repeat(64)), 5, 1, 5, 0,
                        0, 1, p,
                        p, new SourceStats.Snapshot("ok", 0, 0, 1, 0, 0, 0, 0)),
                        new TelemetryMessage.PipelineEntry("pump", new ModelRef("m", "1", "0".repeat(64)), 5, 1, 5, 0,
                                0, 1, p,
                                p, null, null, new TelemetryMessage.Anomaly("normal", 3.2, 40.1, false, 1.25, "A"))));
        return Json.mapper().valueToTree(m);
    }

    @Test
    void theDocsTableAndTheSchemaListTheSameFields() {
        assertThat(TelemetrySchema.documentedInApi()).isEqualTo(schema.properties());
    }

    @Test
    void thePowerSourcesInTheSchemaAreThePowerModesThatNameAMeter() throws Exception {
        JsonNode raw = Json.mapper().readTree(Files.readString(Path.of("docs/telemetry.schema.json")));
        Set<String> inSchema = new TreeSet<>();
        raw.get("properties").get("power_source").get("enum").forEach(v -> inSchema.add(v.isNull()
                ? "(null)"
                : v.asText()));
        Set<String> meters = new TreeSet<>(List.of("(null)"));
        for (PowerMode m : PowerMode.values()) {
            if (m != PowerMode.AUTO && m != PowerMode.OFF) {
                meters.add(m.key());
            }
        }
        assertThat(inSchema).isEqualTo(meters);
    }

    @Test
    void everyFieldTheDaemonSendsIsInTheSchemaAndConforms() {
        JsonNode m = full();
        assertThat(TelemetrySchema.keys(m)).isEqualTo(schema.properties());
        assertThat(schema.violations(m)).isEmpty();
    }

    @Test
    void aPipelinesAnomalyIsCheckedToo() {
        ObjectNode m = (ObjectNode) full();
        assertThat(m.get("pipelines").get(1).get("anomaly").get("zone").asText()).isEqualTo("A");
        assertThat(m.get("pipelines").get(0).has("anomaly")).as("absent without a stage").isFalse();
        ((ObjectNode) m.get("pipelines").get(1).get("anomaly")).put("zone", "E").remove("alarm");
        assertThat(schema.violations(m)).hasSize(2);
    }

    @Test
    void theSchemaCatchesWrongTypesAndMissingFields() {
        ObjectNode m = (ObjectNode) full();
        m.put("power_w", "7.2");
        m.remove("cpu_temp_c");
        ((ObjectNode) m.get("throttled")).put("raw", "50005");
        assertThat(schema.violations(m)).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(v -> assertThat(v).contains("power_w"))
                .anySatisfy(v -> assertThat(v).contains("cpu_temp_c"))
                .anySatisfy(v -> assertThat(v).contains("raw"));
    }
}
