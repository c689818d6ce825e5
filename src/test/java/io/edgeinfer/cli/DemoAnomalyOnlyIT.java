package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Mosquitto;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.mqtt.PredictionSchema;
import io.edgeinfer.telemetry.TelemetrySchema;
import io.edgeinfer.web.WebSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/demo-anomaly-only.yaml through the launcher: a daemon with no classifier at all starts,
 * learns, publishes anomaly messages on the predictions topic, says "no classifier" in its status,
 * telemetry and {@code cmd/status}, refuses a model push with a reason, and logs nothing about a
 * model.
 */
class DemoAnomalyOnlyIT {
    private static final Path DEMO = Path.of("config/demo-anomaly-only.yaml").toAbsolutePath();
    private static final String BASE = "edgeinfer/demo-anomaly-only-01/";

    @TempDir
    Path dir;

    private static String state(JsonNode message) {
        return message.get("anomaly").get("state").asText();
    }

    @Test
    void startsWithoutAModelLearnsAndPublishesAnomalyMessages() throws Exception {
        // mosquitto rather than the embedded broker: Moquette now and then drops a fresh connection.
        Mosquitto.assumeInstalled();
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
                MqttProbe probe = new MqttProbe(broker.url(), BASE + "#")) {
            int page = Mosquitto.freePort();
            String yaml = DemoLaunch.shipped(DEMO, broker.url()).replace("port: 9464", "port: 0")
                    .replace("port: 8080", "port: " + page);
            assertThat(yaml).as("the demo has no classifier").doesNotContainPattern("(?m)^model:");
            Process p = DemoLaunch.run(dir, "demo-anomaly-only.yaml", yaml);
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> probe.on(BASE + "predictions").stream()
                        .anyMatch(j -> state(j).equals("normal")));
                List<JsonNode> messages = probe.on(BASE + "predictions");
                PredictionSchema schema = new PredictionSchema();
                assertThat(messages).allSatisfy(m -> {
                    assertThat(schema.violations(m)).as(m.toString()).isEmpty();
                    assertThat(m.get("model").isNull()).isTrue();
                    assertThat(m.has("label") || m.has("scores") || m.has("confidence")).isFalse();
                    assertThat(m.get("severity").get("zone").asText()).isIn("A", "B", "C", "D");
                });
                // In seq order: the first messages after the connection may arrive after later ones.
                List<Long> progress = messages.stream().filter(m -> state(m).equals("learning"))
                        .sorted(Comparator.comparingLong(m -> m.get("seq").asLong()))
                        .map(m -> m.get("anomaly").get("learning").get("windows").asLong()).toList();
                assertThat(progress).as("learning progress").hasSizeGreaterThan(100).isSorted().startsWith(1L);
                assertThat(messages).noneMatch(j -> j.get("anomaly").get("alarm").asBoolean());

                // Published again when learning ends.
                await().atMost(Duration.ofSeconds(10)).until(() -> last(probe, BASE + "status").get("pipelines")
                        .get(0).get("anomaly").get("phase").asText().equals("ready"));
                JsonNode status = last(probe, BASE + "status");
                JsonNode pipeline = status.get("pipelines").get(0);
                assertThat(pipeline.get("classifier").asText()).as(status.toString()).isEqualTo("none");
                assertThat(pipeline.get("model").isNull()).isTrue();
                commands(broker.url());
                page(page);
                await().atMost(Duration.ofSeconds(20)).until(() -> !probe.on(BASE + "telemetry").isEmpty());
                JsonNode telemetry = last(probe, BASE + "telemetry");
                assertThat(new TelemetrySchema().violations(telemetry)).as(telemetry.toString()).isEmpty();
                assertThat(telemetry.get("pipelines").get(0).get("model").isNull()).isTrue();
            } finally {
                p.destroy();
                assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(p.exitValue()).as(DemoLaunch.err(dir)).isZero();
            assertCleanLog();
        }
    }

    @Test
    void anAutoencoderDetectorRunsWithoutAClassifierToo() throws Exception {
        Mosquitto.assumeInstalled();
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
                MqttProbe probe = new MqttProbe(broker.url(), BASE + "#")) {
            String yaml = DemoLaunch.anomalyOnly(DEMO, broker.url()).replace("  learn_windows: 900\n",
                    "  learn_windows: 300\n  detector: autoencoder\n  model: "
                            + DEMO.getParent().resolve("../models/vibration_ae_student.pt").normalize() + "\n");
            assertThat(yaml).contains("detector: autoencoder");
            Process p = DemoLaunch.run(dir, "demo-anomaly-only.yaml", yaml);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.on(BASE + "predictions").stream()
                        .anyMatch(j -> state(j).equals("normal")));
                JsonNode scored = probe.on(BASE + "predictions").stream().filter(j -> state(j).equals("normal"))
                        .findFirst().orElseThrow();
                assertThat(scored.get("model").isNull()).isTrue();
                assertThat(scored.get("anomaly").get("threshold").asDouble()).isPositive();
                assertThat(new PredictionSchema().violations(scored)).isEmpty();
            } finally {
                p.destroy();
                assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(p.exitValue()).as(DemoLaunch.err(dir)).isZero();
            assertCleanLog();
        }
    }

    /** No error and no stack trace; no model-related warning besides the demo's unsigned commands and this test's push. */
    private void assertCleanLog() throws Exception {
        String log = DemoLaunch.err(dir);
        assertThat(log).as("no error, no stack trace").doesNotContain(" ERROR ", "Exception");
        assertThat(log.lines().filter(l -> l.contains(" WARN ") && !l.contains("accepts UNSIGNED commands")
                && !l.contains("refused: pipeline 'main' has no classifier")))
                .as("no other model-related warning").noneMatch(l -> l.toLowerCase().contains("model"));
    }

    /** {@code cmd/status} says "no classifier"; {@code cmd/model} is refused with the reason. */
    private static void commands(String broker) throws Exception {
        try (ControlClient client = new ControlClient(broker, "edgeinfer/demo-anomaly-only-01", new CommandSigner(
                null, Clock.systemUTC()))) {
            JsonNode status = client.await(client.send("status", Json.mapper().createObjectNode()), "status", 20_000);
            JsonNode pipeline = status.get("pipelines").get(0);
            assertThat(pipeline.get("classifier").asText()).as(status.toString()).isEqualTo("none");
            assertThat(pipeline.get("health").get("model").asText()).isEqualTo("none");
            assertThat(status.get("model").isNull()).isTrue();
            JsonNode push = client.await(client.send("model", Json.mapper().createObjectNode().put("url",
                    "file://vibration_int8.pt").put("sha256", "0".repeat(64))), "model", 20_000);
            assertThat(push.get("code").asText()).as(push.toString()).isEqualTo("no_classifier");
            assertThat(push.get("error").asText()).contains("has no classifier", "cmd/config");
        }
    }

    /** The device page's document of the pipeline: no model, and valid as such. */
    private static void page(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/pipelines/main")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode doc = Json.mapper().readTree(r.body());
        assertThat(doc.get("model").isNull()).as(r.body()).isTrue();
        assertThat(new WebSchema().violations("pipeline", doc)).isEmpty();
    }

    private static JsonNode last(MqttProbe probe, String topic) {
        List<JsonNode> all = probe.on(topic);
        return all.get(all.size() - 1);
    }
}
