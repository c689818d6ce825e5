package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The messages, the JSON Schema and the docs tables describe the same fields. */
class PredictionSchemaTest {
    private final PredictionSchema schema = new PredictionSchema();

    private static JsonNode json(byte[] payload) throws Exception {
        return Json.mapper().readTree(payload);
    }

    private static PredictionMessage message(long seq, Long suppressed) {
        return PredictionMessage.of(Predictions.of(seq, "imbalance", 0.97), "52f6bd76-cc52-49f7-bb13-c957db1567f4",
                "motor-a", suppressed);
    }

    @Test
    void everyFieldOfASinglePredictionIsInTheSchemaAndTheDocsTable() throws Exception {
        JsonNode m = json(Json.withReplayedFlag(Json.encode(message(42, 3L))));
        assertThat(PredictionSchema.keys(m)).isEqualTo(schema.properties("prediction"));
        assertThat(PredictionSchema.documentedInApi("## `predictions`")).isEqualTo(schema.properties("prediction"));
        assertThat(schema.violations(m)).isEmpty();
        assertThat(schema.violations(json(Json.encode(message(0, null))))).as("every mode").isEmpty();
    }

    @Test
    void aBatchConformsAndItsFieldsAreDocumented() throws Exception {
        JsonNode b = json(Json.withReplayedFlag(Json.encode(PredictionBatch.of("motor-a", "boot", 1795907435764L,
                List.of(message(7, null), message(8, null))))));
        assertThat(PredictionSchema.keys(b)).isEqualTo(schema.properties("batch"));
        assertThat(PredictionSchema.documentedInApi("### Batches")).isEqualTo(schema.properties("batch"));
        assertThat(schema.violations(b)).isEmpty();
    }

    @Test
    void theSchemaCatchesWrongTypesMissingFieldsAndMixedShapes() throws Exception {
        ObjectNode m = (ObjectNode) json(Json.encode(message(1, 2L)));
        m.put("confidence", "0.97");
        m.remove("seq");
        m.put("suppressed", -1);
        assertThat(String.join("\n", schema.violations(m))).contains("confidence", "seq", "suppressed");

        ObjectNode b = (ObjectNode) json(Json.encode(PredictionBatch.of("a", "boot", 1, List.of(message(1, 2L)))));
        assertThat(schema.violations(b)).as("a prediction in a batch carries no suppressed count").isNotEmpty();
        b = (ObjectNode) json(Json.encode(PredictionBatch.of("a", "boot", 1, List.of(message(1, null)))));
        b.putArray("predictions");
        assertThat(schema.violations(b)).as("an empty batch").isNotEmpty();
    }
}
