package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.Severity;
import io.edgeinfer.pipeline.Prediction;
import java.util.List;
import java.util.Set;
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

    /** A prediction of a pipeline whose anomaly stage raised its alarm on the window. */
    private static PredictionMessage withAnomaly(long seq, Long suppressed) {
        return withAnomaly(seq, suppressed, true);
    }

    /** @param classifier false: the message of a pipeline without a classifier (no model, no answer) */
    private static PredictionMessage withAnomaly(long seq, Long suppressed, boolean classifier) {
        Prediction p = Predictions.of(seq, "imbalance", 0.97);
        Severity s = new Severity(2.5, "B", "z", 199.2, List.of(new Severity.Channel("z", 2.5, "B"),
                new Severity.Channel("x", 1.1, "A")));
        AnomalyResult r = new AnomalyResult(p.window().index(), AnomalyResult.State.ANOMALY, 61.2, 38.4, true, true,
                Set.of(), s, 25.0, List.of(new AnomalyResult.Contributor("z.env_bpfo", 14.2)), false, null,
                new AnomalyResult.BaselineInfo(5400, 5400, true, 0, 1795907000000L));
        return PredictionMessage.of(new Prediction(p.seq(), p.window(), classifier ? p.model() : null, classifier
                ? p.result()
                : null, p.preprocessNanos(),
                p.inferenceNanos(), p.queueNanos(), p.totalNanos(), r), "52f6bd76-cc52-49f7-bb13-c957db1567f4",
                "motor-a",
                suppressed);
    }

    @Test
    void everyFieldOfASinglePredictionIsInTheSchemaAndTheDocsTable() throws Exception {
        JsonNode m = json(Json.withReplayedFlag(Json.encode(withAnomaly(42, 3L))));
        assertThat(m.get("anomaly").get("top_features").get(0).get("feature").asText()).isEqualTo("z.env_bpfo");
        assertThat(PredictionSchema.keys(m)).isEqualTo(schema.properties("prediction"));
        assertThat(PredictionSchema.documentedInApi("## `predictions`")).isEqualTo(schema.properties("prediction"));
        assertThat(schema.violations(m)).isEmpty();
        assertThat(schema.violations(json(Json.encode(message(0, null))))).as("every mode").isEmpty();
    }

    @Test
    void anAnomalyMessageOfAPipelineWithoutAClassifierHasThePredictionsShapeWithoutAnAnswer() throws Exception {
        JsonNode m = json(Json.withReplayedFlag(Json.encode(withAnomaly(42, null, false))));
        assertThat(m.has("model")).isTrue();
        assertThat(m.get("model").isNull()).as("no classifier made it").isTrue();
        assertThat(m.has("label") || m.has("confidence") || m.has("scores")).as(m.toString()).isFalse();
        assertThat(m.get("anomaly").get("state").asText()).isEqualTo("anomaly");
        assertThat(schema.properties("anomaly_only")).containsAll(PredictionSchema.keys(m));
        assertThat(schema.properties("anomaly_only")).isSubsetOf(PredictionSchema.documentedInApi("## `predictions`"));
        assertThat(schema.violations(m)).isEmpty();
        JsonNode b = json(Json.encode(PredictionBatch.of("a", "boot", 1, List.of(withAnomaly(1, null, false),
                withAnomaly(2, null, false)))));
        assertThat(schema.violations(b)).as("in a batch").isEmpty();

        ObjectNode half = (ObjectNode) m.deepCopy();
        half.put("label", "imbalance");
        assertThat(schema.violations(half)).as("an answer without the model that gave it").isNotEmpty();
        ObjectNode bare = (ObjectNode) m.deepCopy();
        bare.remove("anomaly");
        assertThat(schema.violations(bare)).as("neither an answer nor an anomaly").isNotEmpty();
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
        ObjectNode a = (ObjectNode) json(Json.encode(withAnomaly(1, null)));
        ((ObjectNode) a.get("anomaly")).put("state", "alarmed");
        ((ObjectNode) a.get("severity")).put("zone", "E");
        assertThat(schema.violations(a)).anySatisfy(v -> assertThat(v).startsWith("/anomaly/state:"))
                .anySatisfy(v -> assertThat(v).startsWith("/severity/zone:"));

        ObjectNode b = (ObjectNode) json(Json.encode(PredictionBatch.of("a", "boot", 1, List.of(message(1, 2L)))));
        assertThat(schema.violations(b)).as("a prediction in a batch carries no suppressed count").isNotEmpty();
        b = (ObjectNode) json(Json.encode(PredictionBatch.of("a", "boot", 1, List.of(message(1, null)))));
        b.putArray("predictions");
        assertThat(schema.violations(b)).as("an empty batch").isNotEmpty();
    }
}
