package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.SeqAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config pushed over MQTT and edited on disk, against a running daemon. */
class ConfigPushIT {
    @TempDir
    Path dir;

    private static ObjectNode patch(String json) throws Exception {
        ObjectNode c = Json.mapper().createObjectNode();
        c.set("patch", Json.mapper().readTree(json));
        return c;
    }

    private static DaemonConfig load(Path file) throws Exception {
        return new ConfigLoader(Map.of()).load(file);
    }

    @Test
    void aValidPatchIsAppliedPersistedAndRestartsOnlyTheSourceAndTelemetry() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "cfg-1", 32, "", "allow_unsigned: true", null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 10);
            JsonNode r = h.call("config", patch(
                    "{\"source\": {\"rate_hz\": 800}, \"telemetry\": {\"interval_s\": 0.5}}"));
            assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("changed")).extracting(JsonNode::asText).containsExactly("source", "telemetry");
            assertThat(r.get("restarted")).extracting(JsonNode::asText).containsExactly("source", "telemetry");
            assertThat(r.get("restart_required")).isEmpty();
            long pushedAt = h.lastSeq();

            // The new source: a window every 32 samples at 800 Hz; telemetry every 0.5 s.
            await().atMost(Duration.ofSeconds(30)).until(() -> h.lastSeq() >= pushedAt + 40);
            List<JsonNode> after = h.predictions().stream().filter(p -> p.get("seq").asLong() > pushedAt + 5).toList();
            for (int i = 1; i < after.size(); i++) {
                assertThat(after.get(i).get("window_start_ms").asLong() - after.get(i - 1).get("window_start_ms")
                        .asLong())
                        .isEqualTo(40);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> lastTelemetryInterval(h) < 0.8);
            assertThat(((SimulatedVibrationConfig) load(h.configFile).first().source()).rateHz()).as("persisted")
                    .isEqualTo(800);
            JsonNode status = h.call("status", Json.mapper().createObjectNode());
            assertThat(status.get("config_sha256").asText()).isEqualTo(r.get("config_sha256").asText());

            // Keys that need a process restart are written and reported, not half-applied.
            JsonNode later = h.call("config", patch("{\"mqtt\": {\"qos\": 0}}"));
            assertThat(later.get("restart_required")).extracting(JsonNode::asText).containsExactly("mqtt");
            assertThat(h.call("status", Json.mapper().createObjectNode()).get("restart_required"))
                    .extracting(JsonNode::asText).containsExactly("mqtt");

            h.stop();
            long made = h.daemon.stats().inferencesTotal();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.predictions().size() >= made);
            assertThat(new SeqAudit(h.probe.received(h.topic("predictions"))).problems())
                    .as("the source restart lost and repeated nothing").isEmpty();
            h.start();
            assertThat(h.daemon.stats()).isNotNull();
            await().atMost(Duration.ofSeconds(60)).until(() -> h.predictions().size() >= 3);
            List<JsonNode> restarted = h.predictions();
            assertThat(restarted.get(2).get("window_start_ms").asLong() - restarted.get(1).get("window_start_ms")
                    .asLong())
                    .as("a restart keeps the pushed rate").isEqualTo(40);
        }
    }

    @Test
    void anInvalidPatchIsRefusedWithEveryErrorListedAndChangesNothing() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "cfg-2", 32, "", "allow_unsigned: true", null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 10);
            byte[] before = Files.readAllBytes(h.configFile);
            JsonNode r = h.call("config", patch("{\"window\": {\"hop\": 0}, \"source\": {\"rate_hz\": \"fast\"}, "
                    + "\"nope\": 1, \"control\": {\"keep_versions\": 0}}"));
            assertThat(r.get("ok").asBoolean()).isFalse();
            assertThat(r.get("code").asText()).isEqualTo("invalid_config");
            assertThat(r.get("error").asText()).startsWith("invalid configuration (4 errors)");
            assertThat(r.get("errors")).extracting(e -> e.get("path").asText() + ": " + e.get("message").asText())
                    .containsExactlyInAnyOrder(
                            "window.hop: must be between 1 and 1048576, got 0",
                            "source.rate_hz: must be a number, got 'fast'",
                            "nope: unknown key",
                            "control.keep_versions: must be between 1 and 100, got 0");
            assertThat(Files.readAllBytes(h.configFile)).as("file untouched").isEqualTo(before);
            JsonNode notObject = h.call("config", Json.mapper().createObjectNode().put("patch", 3));
            assertThat(notObject.get("code").asText()).isEqualTo("bad_request");
            // Valid, but a power meter this host does not have: telemetry keeps its meter and its rate.
            JsonNode noMeter = h.call("config", patch("{\"telemetry\": {\"power\": \"pmic\", \"interval_s\": 0.5}}"));
            assertThat(noMeter.get("code").asText()).as(noMeter.toString()).isEqualTo("restart_failed");
            assertThat(noMeter.get("error").asText()).contains("telemetry did not start",
                    "pmic is not available on this host");
            assertThat(Files.readAllBytes(h.configFile)).as("file put back").isEqualTo(before);
            int told = h.probe.on(h.topic("telemetry")).size();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.probe.on(h.topic("telemetry")).size() >= told + 2);
            assertThat(lastTelemetryInterval(h)).as("the old reporter still runs").isGreaterThan(0.8);
            long seq = h.lastSeq();
            assertThat(h.servingAfter(seq)).isEqualTo(ControlHarness.INT8);
        }
    }

    @Test
    void anEditedFileIsAppliedAndABrokenOneIsRefusedWhileTheDaemonKeepsRunning() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "cfg-3", 32, "", "allow_unsigned: true", null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 10);
            String text = Files.readString(h.configFile);
            Files.writeString(h.configFile, text.replace("telemetry: {interval_s: 1}", "telemetry: {interval_s: 0.3}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> lastTelemetryInterval(h) < 0.5);
            String hash = h.call("status", Json.mapper().createObjectNode()).get("config_sha256").asText();

            Files.writeString(h.configFile, text.replace("telemetry: {interval_s: 1}", "telemetry: {interval_s: -2}"));
            long seq = h.lastSeq();
            assertThat(h.servingAfter(seq + 20)).as("still serving").isEqualTo(ControlHarness.INT8);
            assertThat(h.call("status", Json.mapper().createObjectNode()).get("config_sha256").asText())
                    .as("the running config stays").isEqualTo(hash);
            assertThat(lastTelemetryInterval(h)).isLessThan(0.5);
        }
    }

    @Test
    void aPushThatWouldMoveTheDaemonsFilesIsRefusedWithTheKeysNamed() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "cfg-4", 32, "", "allow_unsigned: true", null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 5);
            byte[] before = Files.readAllBytes(h.configFile);
            JsonNode passwd = h.call("config", patch("{\"outbox\": {\"path\": \"/etc/passwd\"}}"));
            assertThat(passwd.get("code").asText()).as(passwd.toString()).isEqualTo("local_only");
            assertThat(passwd.get("error").asText()).startsWith("cmd/config may not change outbox.path");
            JsonNode root = h.call("config", patch(
                    "{\"control\": {\"model_dir\": \"/\"}, \"telemetry\": {\"interval_s\": 2}}"));
            assertThat(root.get("code").asText()).as(root.toString()).isEqualTo("local_only");
            assertThat(root.get("error").asText()).contains("control.model_dir");
            JsonNode model = h.call("config", patch("{\"model\": {\"path\": \"/etc/hostname\"}}"));
            assertThat(model.get("code").asText()).as(model.toString()).isEqualTo("outside_model_dir");
            assertThat(Files.readAllBytes(h.configFile)).as("file untouched").isEqualTo(before);
            assertThat(lastTelemetryInterval(h)).as("nothing of a refused push applied").isGreaterThan(0.8);
        }
    }

    private static double lastTelemetryInterval(ControlHarness h) {
        List<JsonNode> t = h.probe.on(h.topic("telemetry"));
        return t.isEmpty() ? Double.MAX_VALUE : t.get(t.size() - 1).get("interval_s").asDouble();
    }
}
