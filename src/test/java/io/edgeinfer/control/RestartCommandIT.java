package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of the model's input shape pushed over MQTT, applied by {@code cmd/restart}: the real
 * launcher under a stand-in service manager (INVOCATION_ID set, as systemd sets it; the test starts
 * the process again when it exits 75, as the unit's {@code RestartForceExitStatus=75} does).
 */
class RestartCommandIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void anInputShapeChangeIsValidatedWrittenAndAppliedByARestart() throws Exception {
        Files.copy(ControlHarness.REPO_MODELS.resolve("vibration_int8.pt"), dir.resolve("vibration_int8.pt"));
        Files.copy(ControlHarness.TEST_MODELS.resolve("wrong_shape.pt"), dir.resolve("w128.pt"));
        String w128 = ControlHarness.shaOf(dir.resolve("w128.pt"));
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/rs-1/predictions");
                ControlClient client = new ControlClient(broker.url(), "edgeinfer/rs-1", new CommandSigner(null, Clock
                        .systemUTC()))) {
            Path config = dir.resolve("edge.yaml");
            Files.writeString(config, """
                    device_id: rs-1
                    model: {path: vibration_int8.pt, version: "1.0.0", labels: [normal, imbalance, misalignment, bearing_fault]}
                    window: {size: 256, hop: 32}
                    mqtt: {broker: "%s"}
                    outbox: {path: state/outbox.db}
                    telemetry: {interval_s: 1}
                    control: {allow_unsigned: true, watch_config_file: false}
                    """.formatted(broker.url()));
            Process p = launch(config, "1");
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> probe.all().size() >= 3);
                String before = Files.readString(config);

                JsonNode misfit = call(client, "config", patch("{\"window\": {\"size\": 128}}"));
                assertThat(misfit.get("code").asText()).as(misfit.toString()).isEqualTo("wrong_input_shape");
                assertThat(Files.readString(config)).as("a refused change writes nothing").isEqualTo(before);

                JsonNode staged = call(client, "config", patch(
                        "{\"window\": {\"size\": 128}, \"model\": {\"path\": \"w128.pt\", "
                                + "\"version\": \"2.0.0\"}}"));
                assertThat(staged.get("ok").asBoolean()).as(staged.toString()).isTrue();
                assertThat(staged.get("pending_input_shape").asText()).isEqualTo("[1, 3, 256] -> [1, 3, 128]");
                int seen = probe.all().size();
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.all().size() > seen + 3);
                assertThat(lastSha(probe)).as("still serving the old shape until the restart").isNotEqualTo(w128);
                assertThat(call(client, "config", patch("{\"telemetry\": {\"interval_s\": 2}}")).get("code").asText())
                        .isEqualTo("restart_pending");

                JsonNode restart = call(client, "restart", Json.mapper().createObjectNode());
                assertThat(restart.get("ok").asBoolean()).as(restart.toString()).isTrue();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(Files.readString(dir.resolve("err-1.txt"))).isEqualTo(75);
            } finally {
                p.destroyForcibly();
            }

            Process again = launch(config, "2");
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> !probe.all().isEmpty() && lastSha(probe).equals(
                        w128));
                JsonNode status = call(client, "status", Json.mapper().createObjectNode());
                assertThat(status.get("pending_input_shape").isNull()).as(status.toString()).isTrue();
                assertThat(status.get("model").get("version").asText()).isEqualTo("2.0.0");
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
                again.destroyForcibly();
            }
        }
    }

    private Process launch(Path config, String run) throws Exception {
        ProcessBuilder b = new ProcessBuilder(LAUNCHER.toString(), "run", "--config", config.toString())
                .redirectOutput(dir.resolve("out-" + run + ".txt").toFile()).redirectError(dir.resolve("err-" + run
                        + ".txt").toFile());
        b.environment().put("INVOCATION_ID", "restart-command-it");
        return b.start();
    }

    private static ObjectNode patch(String json) throws Exception {
        ObjectNode c = Json.mapper().createObjectNode();
        c.set("patch", Json.mapper().readTree(json));
        return c;
    }

    private static JsonNode call(ControlClient client, String name, ObjectNode body) throws Exception {
        String id = client.send(name, body);
        JsonNode r = client.await(id, name, 90_000);
        assertThat(r).as("an answer to " + name).isNotNull();
        return r;
    }

    private static String lastSha(MqttProbe probe) {
        List<MqttProbe.Received> all = probe.all();
        return all.get(all.size() - 1).json().get("model").get("sha256").asText();
    }
}
