package io.edgeinfer.control.reconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeinfer.mqtt.Json;
import org.junit.jupiter.api.Test;

/** Only what changed is rewritten; comments, blank lines, order and style of everything else stay. */
class YamlEditsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String DEMO = """
            # Demo: simulated sensor -> int8 model.
            device_id: demo-01

            model:
              path: ../models/vibration_int8.pt   # the committed demo model
              name: vibration-mlp
              version: "1.0.0"
              labels: [normal, imbalance, misalignment, bearing_fault]

            source:
              type: simulated-vibration
              rate_hz: 400
              # The machine goes through every state.
              scenario:
                - {state: normal, duration_s: 15}
                - {state: imbalance, duration_s: 15}

            telemetry:
              interval_s: 5
            """;

    /** Applies a merge patch the way a push does and checks the edited text reads as the patched tree. */
    private static String patched(String text, String patch) throws Exception {
        JsonNode to = MergePatch.apply(YAML.readTree(text), Json.mapper().readTree(patch));
        String edited = YamlEdits.apply(text, to);
        assertThat(edited).as("editable in place").isNotNull();
        assertThat(YAML.readTree(edited)).as("reads back as the patched config").isEqualTo(to);
        return edited;
    }

    @Test
    void aScalarChangesOnItsLineAndItsCommentStays() throws Exception {
        String out = patched(DEMO, "{\"model\": {\"path\": \"models/installed/vibration-mlp-2.0.0-81fa4ef7630a.pt\", "
                + "\"version\": \"2.0.0\"}, \"source\": {\"rate_hz\": 800}}");
        assertThat(out).isEqualTo(DEMO.replace("path: ../models/vibration_int8.pt   #",
                "path: models/installed/vibration-mlp-2.0.0-81fa4ef7630a.pt   #")
                .replace("version: \"1.0.0\"", "version: \"2.0.0\"").replace("rate_hz: 400", "rate_hz: 800"));
    }

    @Test
    void aFlowMappingIsWrittenAgainOnItsLine() throws Exception {
        String text = "device_id: d  # who\nmodel: {path: m.pt, version: \"1.0\", labels: [a, b]}  # the model\nwindow: {size: 8}\n";
        String out = patched(text, "{\"model\": {\"path\": \"models/installed/m-2-abc.pt\", \"version\": \"2\"}}");
        assertThat(out).isEqualTo("device_id: d  # who\nmodel: {path: models/installed/m-2-abc.pt, version: \"2\", "
                + "labels: [a, b]}  # the model\nwindow: {size: 8}\n");
    }

    @Test
    void addedKeysJoinTheirMappingAndNewSectionsTheEndOfTheFile() throws Exception {
        String out = patched(DEMO,
                "{\"telemetry\": {\"power\": \"estimate\"}, \"metrics\": {\"port\": 9464, \"host\": \"0.0.0.0\"}}");
        assertThat(out).isEqualTo(DEMO.replace("  interval_s: 5\n",
                "  interval_s: 5\n  power: estimate\nmetrics:\n  port: 9464\n"
                        + "  host: \"0.0.0.0\"\n"));
    }

    @Test
    void aRemovedKeyLosesItsLinesOnly() throws Exception {
        String out = patched(DEMO, "{\"model\": {\"name\": null}, \"telemetry\": null}");
        assertThat(out).isEqualTo(DEMO.replace("  name: vibration-mlp\n", "").replace("telemetry:\n  interval_s: 5\n",
                ""));
    }

    @Test
    void aBlockListIsWrittenAgainAsABlockWithItsComment() throws Exception {
        String out = patched(DEMO,
                "{\"source\": {\"scenario\": [{\"state\": \"bearing_fault\", \"duration_s\": 2.5}]}}");
        assertThat(out).contains(
                "  # The machine goes through every state.\n  scenario:\n    - {state: bearing_fault, duration_s: 2.5}\n\n"
                        + "telemetry:");
    }

    @Test
    void stringsThatYamlWouldReadAsSomethingElseAreQuoted() throws Exception {
        String out = patched("device_id: d\nmodel:\n  version: a\n  name: b\n",
                "{\"model\": {\"version\": \"1.10\", \"name\": \"yes\", \"labels\": [\"on\", \"x: y\", \"007\"]}}");
        assertThat(out).isEqualTo(
                "device_id: d\nmodel:\n  version: \"1.10\"\n  name: \"yes\"\n  labels: [\"on\", \"x: y\", \"007\"]\n");
    }

    private static final String PIPELINES = """
            device_id: press-7
            pipelines:
              # the spindle's accelerometer
              - id: spindle
                model:
                  path: models/spindle.pt   # as delivered
                  version: "1.0"
                source: {type: simulated-vibration, rate_hz: 400}
              # the pump
              - id: pump
                model: {path: models/pump.pt, labels: [idle, run]}  # flow style
                window: {size: 128}
            telemetry:
              interval_s: 5
            """;

    @Test
    void oneItemOfAListOfPipelinesChangesOnItsOwnLinesAndEveryCommentStays() throws Exception {
        String out = patched(PIPELINES,
                "{\"pipelines\": [{\"id\": \"spindle\", \"model\": {\"path\": \"models/spindle.pt\", "
                        + "\"version\": \"2.0\"}, \"source\": {\"type\": \"simulated-vibration\", \"rate_hz\": 400}}, "
                        + "{\"id\": \"pump\", \"model\": {\"path\": \"models/installed/pump-2.pt\", \"labels\": [\"idle\", \"run\"]}, "
                        + "\"window\": {\"size\": 128}}]}");
        assertThat(out).isEqualTo(PIPELINES.replace("version: \"1.0\"", "version: \"2.0\"")
                .replace("{path: models/pump.pt,", "{path: models/installed/pump-2.pt,"));
    }

    @Test
    void aListOfPipelinesOfAnotherLengthIsWrittenAgainWhole() throws Exception {
        String out = patched(PIPELINES, "{\"pipelines\": [{\"id\": \"pump\", \"model\": {\"path\": \"p.pt\"}}]}");
        assertThat(out).contains("pipelines:\n  - {id: pump, model: {path: p.pt}}\ntelemetry:");
    }

    @Test
    void whatCannotBeEditedInPlaceIsLeftToTheCaller() throws Exception {
        assertThat(YamlEdits.apply("{device_id: d}\n", Json.mapper().readTree("{\"device_id\": \"e\"}"))).isNull();
        assertThat(YamlEdits.apply("device_id: [unclosed\n", Json.mapper().readTree("{\"device_id\": \"e\"}")))
                .isNull();
    }
}
