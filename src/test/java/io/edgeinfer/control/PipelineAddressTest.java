package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands name the pipeline they act on (or act on the only one), and a model swap in one pipeline
 * never touches another: its model, its windows and its history go on as they were.
 */
class PipelineAddressTest {
    private static final String STATUS = "{\"request_id\": \"s\"}";

    @TempDir
    Path dir;

    private PipelineFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private static void ok(JsonNode answer, String pipeline) {
        assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("pipeline").asText()).isEqualTo(pipeline);
    }

    private static void refused(JsonNode answer, String code, String error) {
        assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.get("code").asText()).isEqualTo(code);
        assertThat(answer.get("error").asText()).isEqualTo(error);
    }

    private DaemonConfig reread() throws Exception {
        return new ConfigLoader(Map.of()).load(f.file);
    }

    private JsonNode history(String file) throws Exception {
        return Json.mapper().readTree(f.state.resolve(file).toFile());
    }

    @Test
    void onADeviceWithOnePipelineCommandsNeedNoNameAndTheirAnswersNameIt() throws Exception {
        f = new PipelineFixture(dir, PipelineFixture.ONE);
        f.feed("main", 5);
        ok(f.call("model", f.modelCommand("m1", "c.pt", "c", "")), "main");
        assertThat(f.serving("main")).isEqualTo("c");
        ok(f.call("model", f.modelCommand("m2", "b.pt", "b", ", \"pipeline\": \"main\"")), "main");
        assertThat(history("model-history.json")).as("the history devices in the field have").hasSize(3);
        assertThat(Files.exists(f.state.resolve("model-history-main.json"))).isFalse();
        ok(f.call("rollback", "{\"request_id\": \"r1\"}"), "main");
        assertThat(f.serving("main")).isEqualTo("c");

        JsonNode pushed = f.call("config", "{\"request_id\": \"c1\", \"pipeline\": \"main\", \"patch\": {\"source\": "
                + "{\"rate_hz\": 800}}}");
        ok(pushed, "main");
        assertThat(pushed.get("restarted")).extracting(JsonNode::asText).containsExactly("source");
        assertThat(f.restarts).containsExactly("source:main");
        assertThat(f.call("status", STATUS).get("pipelines")).extracting(p -> p.get("id").asText()).containsExactly(
                "main");
    }

    @Test
    void onADeviceWithTwoPipelinesACommandWithoutANameOrWithAnUnknownOneIsRefusedListingThem() throws Exception {
        f = new PipelineFixture(dir, PipelineFixture.TWO);
        String required = "this device runs 2 pipelines [spindle, pump]: name the one to act on in \"pipeline\"";
        refused(f.call("model", f.modelCommand("m1", "c.pt", "c", "")), "pipeline_required", required);
        refused(f.call("rollback", "{\"request_id\": \"r1\"}"), "pipeline_required", required);
        refused(f.call("config", "{\"request_id\": \"c1\", \"patch\": {\"source\": {\"rate_hz\": 800}}}"),
                "pipeline_required", required);
        refused(f.call("model", f.modelCommand("m2", "c.pt", "c", ", \"pipeline\": \"press\"")), "unknown_pipeline",
                "this device runs no pipeline 'press'; its pipelines: [spindle, pump]");
        refused(f.call("status", "{\"request_id\": \"s1\", \"pipeline\": \"press\"}"), "unknown_pipeline",
                "this device runs no pipeline 'press'; its pipelines: [spindle, pump]");
        assertThat(f.call("rollback", "{\"request_id\": \"r2\", \"pipeline\": 7}").get("code").asText())
                .isEqualTo("bad_request");
        assertThat(f.call("rollback", "{\"request_id\": \"r3\", \"pipeline\": \"pump\", \"verbose\": true}")
                .get("error").asText()).as("other unknown fields are still refused").isEqualTo(
                        "unknown field [verbose]");
        assertThat(f.serving("spindle")).isEqualTo("a");
        assertThat(f.serving("pump")).isEqualTo("b");
        assertThat(f.models.resolve("installed")).as("nothing fetched").doesNotExist();
    }

    @Test
    void aSwapInOnePipelineLeavesTheOtherServingAndInferringThroughout() throws Exception {
        f = new PipelineFixture(dir, PipelineFixture.TWO);
        String spindleBefore = Files.readString(f.file).lines().filter(l -> l.contains("models/a.pt")).findFirst()
                .orElseThrow();
        f.hangOn = "c";
        f.send("model", f.modelCommand("m1", "c.pt", "c", ", \"pipeline\": \"pump\""));
        f.loading.await();
        // The pump's new model is still in validation: both pipelines go on with what they serve.
        f.feed("spindle", 50);
        f.feed("pump", 5);
        assertThat(f.serving("pump")).isEqualTo("b");
        f.send("status", "{\"request_id\": \"s1\"}");
        await().until(() -> f.answerTo("s1") != null);
        assertThat(f.answerTo("m1")).as("still validating when status answered").isNull();

        f.release.countDown();
        await().until(() -> f.answerTo("m1") != null);
        ok(f.answerTo("m1"), "pump");
        assertThat(f.answerTo("m1").get("changed")).extracting(JsonNode::asText).containsExactly(
                "pipelines[pump].model");
        assertThat(f.serving("pump")).isEqualTo("c");
        assertThat(f.serving("spindle")).isEqualTo("a");
        long spindleWindows = f.inferences("spindle");
        f.feed("spindle", 10);
        assertThat(f.inferences("spindle")).isEqualTo(spindleWindows + 10);

        assertThat(history("model-history-pump.json")).extracting(v -> v.get("name").asText()).containsExactly("b",
                "c");
        assertThat(history("model-history-spindle.json")).extracting(v -> v.get("name").asText()).containsExactly("a");
        assertThat(Files.exists(f.state.resolve("model-history.json"))).isFalse();
        String text = Files.readString(f.file);
        assertThat(text).as("the spindle's line and the operator's comments stay").contains(spindleBefore,
                "# the spindle",
                "# the pump");
        assertThat(reread().pipeline("pump").orElseThrow().model().path().toString()).contains("installed");
        assertThat(reread().pipeline("spindle").orElseThrow().model().path()).isEqualTo(f.models.resolve("a.pt"));

        refused(f.call("rollback", "{\"request_id\": \"r1\", \"pipeline\": \"spindle\"}"), "no_previous_version",
                "there is no previous model version to roll back to");
        ok(f.call("rollback", "{\"request_id\": \"r2\", \"pipeline\": \"pump\"}"), "pump");
        assertThat(f.serving("pump")).isEqualTo("b");
        assertThat(f.serving("spindle")).isEqualTo("a");
    }

    @Test
    void statusListsEveryPipelineAndItsTopLevelFieldsAreTheFirstOrTheNamedOnes() throws Exception {
        f = new PipelineFixture(dir, PipelineFixture.TWO);
        f.feed("spindle", 7);
        f.feed("pump", 3);
        ok(f.call("model", f.modelCommand("m1", "c.pt", "c", ", \"pipeline\": \"pump\"")), "pump");
        JsonNode s = f.call("status", STATUS);
        assertThat(s.get("pipeline").asText()).isEqualTo("spindle");
        assertThat(s.get("model").get("name").asText()).isEqualTo("a");
        assertThat(s.get("versions")).hasSize(1);
        assertThat(s.get("health").get("inferences_total").asLong()).isEqualTo(7);
        assertThat(s.get("health").get("watching").asBoolean()).isFalse();
        JsonNode pump = s.get("pipelines").get(1);
        assertThat(s.get("pipelines")).extracting(p -> p.get("id").asText()).containsExactly("spindle", "pump");
        assertThat(pump.get("model").get("name").asText()).isEqualTo("c");
        assertThat(pump.get("versions")).extracting(v -> v.get("name").asText() + " " + v.get("serving").asBoolean())
                .containsExactly("b false", "c true");
        assertThat(pump.get("health").get("input").asText()).isEqualTo("ok");
        assertThat(pump.get("health").get("model").asText()).isEqualTo("ok");
        assertThat(pump.get("health").get("inferences_total").asLong()).isEqualTo(3);
        assertThat(pump.get("watching").asBoolean()).as("the swapped-in model is watched").isTrue();
        assertThat(pump.get("last_rollback").isNull()).isTrue();

        JsonNode named = f.call("status", "{\"request_id\": \"s2\", \"pipeline\": \"pump\"}");
        assertThat(named.get("pipeline").asText()).isEqualTo("pump");
        assertThat(named.get("model").get("name").asText()).isEqualTo("c");
        assertThat(named.get("versions")).hasSize(2);
        assertThat(named.get("health").get("watching").asBoolean()).isTrue();
        assertThat(named.get("pipelines")).hasSize(2);
    }

    @Test
    void aConfigPushNamingAPipelineChangesThatPipelineOnly() throws Exception {
        f = new PipelineFixture(dir, PipelineFixture.TWO);
        JsonNode source = f.call("config", "{\"request_id\": \"c1\", \"pipeline\": \"pump\", \"patch\": "
                + "{\"source\": {\"rate_hz\": 800}}}");
        ok(source, "pump");
        assertThat(source.get("changed")).extracting(JsonNode::asText).containsExactly("pipelines[pump].source");
        assertThat(source.get("restarted")).extracting(JsonNode::asText).containsExactly("pipelines[pump].source");
        assertThat(f.restarts).as("only the pump's input restarted").containsExactly("source:pump");
        assertThat(((SimulatedVibrationConfig) reread().pipeline("pump").orElseThrow().source()).rateHz()).isEqualTo(
                800);
        assertThat(((SimulatedVibrationConfig) reread().pipeline("spindle").orElseThrow().source()).rateHz()).isEqualTo(
                400);

        JsonNode model = f.call("config", "{\"request_id\": \"c2\", \"pipeline\": \"spindle\", \"patch\": "
                + "{\"model\": {\"path\": \"models/c.pt\", \"name\": \"c\"}}}");
        ok(model, "spindle");
        assertThat(model.get("restarted")).extracting(JsonNode::asText).containsExactly("pipelines[spindle].model");
        assertThat(f.serving("spindle")).isEqualTo("c");
        assertThat(f.serving("pump")).isEqualTo("b");

        JsonNode shared = f.call("config", "{\"request_id\": \"c3\", \"patch\": {\"telemetry\": {\"interval_s\": 2}}}");
        assertThat(shared.get("ok").asBoolean()).as(shared.toString()).isTrue();
        assertThat(shared.has("pipeline")).as("a change of the whole device names no pipeline").isFalse();
        assertThat(f.restarts).containsExactly("source:pump", "telemetry");
        assertThat(Files.readString(f.file)).contains("# the spindle", "# the pump");
    }
}
