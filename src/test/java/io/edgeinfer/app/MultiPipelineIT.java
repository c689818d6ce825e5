package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.camera.Recorded;
import io.edgeinfer.config.AnomalyConfigReader;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.telemetry.TelemetrySchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon, three pipelines (two simulated accelerometers on one model file, and a camera), to a
 * real broker: each pipeline publishes on its own topic, status and telemetry carry each pipeline,
 * meters are labelled by pipeline, the shared model file is loaded once, and a failing input
 * degrades its own pipeline only.
 */
class MultiPipelineIT {
    private static final Path VIBRATION = Path.of("models/vibration_int8.pt").toAbsolutePath();
    private static final Path SHAPES = Path.of("models/shapes_int8.pt").toAbsolutePath();

    @TempDir
    Path dir;

    private final SimulatedBoard board = new SimulatedBoard();
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    private Daemon daemon;

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String yaml(String device, String cameraCommand) {
        return """
                device_id: %s
                pipelines:
                  - id: motor-a
                    model: {path: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 1, scenario: [{state: imbalance, duration_s: 60}]}
                    window: {size: 256, hop: 64}
                  - id: motor-b
                    model: {path: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 2, scenario: [{state: bearing_fault, duration_s: 60}]}
                    window: {size: 256, hop: 64}
                  - id: conveyor
                    model:
                      path: %s
                      labels: [empty, hex_nut, square_plate, triangle_bracket, washer]
                    source:
                      type: camera
                      command: %s
                      image: {width: 64, height: 64, resize: 64}
                    pipeline: {queue_capacity: 32, overflow: block}
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                telemetry: {interval_s: 0.5}
                metrics: {port: 0}
                """.formatted(device, VIBRATION, VIBRATION, SHAPES, cameraCommand, live.url(),
                dir.resolve(device + "-outbox.db"));
    }

    private void start(String yaml) throws Exception {
        DaemonConfig config = new ConfigLoader(Map.of("PATH", "/usr/bin:/bin", "XDG_STATE_HOME", dir.resolve("state")
                .toString()))
                .parse(yaml, dir);
        daemon = Daemon.start(config, Clock.systemUTC(), board::newContext);
    }

    private List<JsonNode> on(String topic) {
        return live.probe().on(topic);
    }

    @Test
    void eachPipelinePublishesOnItsOwnTopicAndTheSharedMessagesCarryEveryPipeline() throws Exception {
        start(yaml("multi-1", "[cat, '" + Recorded.STREAM + "']"));
        assertThat(daemon.modelsLoaded()).as("two pipelines on one file share its module").isEqualTo(2);

        await().atMost(Duration.ofSeconds(40)).until(() -> on("edgeinfer/multi-1/pipelines/motor-a/predictions")
                .size() >= 10
                && on("edgeinfer/multi-1/pipelines/motor-b/predictions").size() >= 10
                && on("edgeinfer/multi-1/pipelines/conveyor/predictions").size() >= 5);
        assertThat(on("edgeinfer/multi-1/predictions")).as("no v1 topic in a named config").isEmpty();
        List<JsonNode> a = on("edgeinfer/multi-1/pipelines/motor-a/predictions");
        List<JsonNode> b = on("edgeinfer/multi-1/pipelines/motor-b/predictions");
        assertThat(a).allMatch(p -> p.get("pipeline").asText().equals("motor-a"));
        assertThat(b).allMatch(p -> p.get("pipeline").asText().equals("motor-b"));
        assertThat(a.get(0).get("seq").asLong()).as("seq counts per pipeline").isZero();
        assertThat(b.get(0).get("seq").asLong()).isZero();
        assertThat(a.stream().filter(p -> p.get("label").asText().equals("imbalance")).count())
                .as("motor-a's own signal").isGreaterThanOrEqualTo(a.size() * 8L / 10);
        assertThat(b.stream().filter(p -> p.get("label").asText().equals("bearing_fault")).count())
                .as("motor-b's own signal").isGreaterThanOrEqualTo(b.size() * 8L / 10);
        assertThat(on("edgeinfer/multi-1/pipelines/conveyor/predictions").get(0).get("scores").size()).isEqualTo(5);

        JsonNode status = last("edgeinfer/multi-1/status");
        assertThat(ids(status.get("pipelines"))).containsExactly("motor-a", "motor-b", "conveyor");
        assertThat(status.get("model").get("sha256").asText()).as("top level: the first pipeline's")
                .isEqualTo(status.get("pipelines").get(0).get("model").get("sha256").asText());

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode t = last("edgeinfer/multi-1/telemetry");
            return t != null && t.get("pipelines").get(2).get("inferences_total").asLong() > 0;
        });
        JsonNode t = last("edgeinfer/multi-1/telemetry");
        assertThat(new TelemetrySchema().violations(t)).as("schema").isEmpty();
        assertThat(ids(t.get("pipelines"))).containsExactly("motor-a", "motor-b", "conveyor");
        long sum = 0;
        for (JsonNode p : t.get("pipelines")) {
            sum += p.get("inferences_total").asLong();
        }
        assertThat(t.get("inferences_total").asLong()).as("the top level adds the pipelines up").isEqualTo(sum);

        String scrape = daemon.registry().scrape();
        assertThat(scrape).contains("edgeinfer_windows_total{pipeline=\"motor-a\"")
                .contains("edgeinfer_windows_total{pipeline=\"motor-b\"")
                .contains("edgeinfer_windows_total{pipeline=\"conveyor\"");
    }

    @Test
    void aFailingInputDegradesItsOwnPipelineWhileTheOthersKeepPublishing() throws Exception {
        Path script = Files.writeString(dir.resolve("dead-camera.sh"),
                "#!/bin/sh\necho 'no camera on /dev/video0' >&2\nexit 3\n");
        script.toFile().setExecutable(true);
        start(yaml("multi-2", "['" + script + "']"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode s = last("edgeinfer/multi-2/status");
            return s != null && s.get("health").asText().equals("degraded");
        });
        JsonNode s = last("edgeinfer/multi-2/status");
        assertThat(s.get("reason").asText()).startsWith("conveyor: ");
        assertThat(s.get("pipelines").get(0).get("health").asText()).isEqualTo("ok");
        assertThat(s.get("pipelines").get(1).get("health").asText()).isEqualTo("ok");
        assertThat(s.get("pipelines").get(2).get("health").asText()).isEqualTo("degraded");
        int before = on("edgeinfer/multi-2/pipelines/motor-a/predictions").size();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> on("edgeinfer/multi-2/pipelines/motor-a/predictions").size() >= before + 20
                        && on("edgeinfer/multi-2/pipelines/motor-b/predictions").size() >= 20);
        assertThat(daemon.registry().scrape()).contains("edgeinfer_health_degraded{pipeline=\"conveyor\"} 1.0")
                .contains("edgeinfer_health_degraded{pipeline=\"motor-a\"} 0.0");
    }

    @Test
    void aModelCommandNamesItsPipelineAndSwapsThatOneOnly() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        for (String f : List.of("vibration_int8.pt", "vibration_int8.json", "vibration_fp32.pt",
                "vibration_fp32.json")) {
            Files.copy(VIBRATION.resolveSibling(f), models.resolve(f));
        }
        Path fp32 = models.resolve("vibration_fp32.pt");
        String yaml = yaml("multi-3", "[cat, '" + Recorded.STREAM + "']")
                .replace(VIBRATION.toString(), models.resolve("vibration_int8.pt").toString())
                + "control: {allow_unsigned: true, model_dir: " + models + "}\n";
        Path file = Files.writeString(dir.resolve("multi-3.yaml"), yaml);
        DaemonConfig config = new ConfigLoader(Map.of("PATH", "/usr/bin:/bin", "XDG_STATE_HOME", dir.resolve("state")
                .toString()))
                .load(file);
        daemon = Daemon.start(config, Clock.systemUTC(), board::newContext, file);
        String base = "edgeinfer/multi-3/";
        await().atMost(Duration.ofSeconds(40)).until(() -> on(base + "pipelines/motor-b/predictions").size() >= 5);
        String sha = Sha256.hex(fp32);
        JsonNode refused;
        JsonNode swapped;
        try (ControlClient client = new ControlClient(live.url(), "edgeinfer/multi-3", new CommandSigner(null, Clock
                .systemUTC()))) {
            ObjectNode body = Json.mapper().createObjectNode().put("name", "vib").put("version", "2.0.0")
                    .put("url", fp32.toUri().toString()).put("sha256", sha);
            refused = client.await(client.send("model", body.deepCopy()), "model", 60_000);
            swapped = client.await(client.send("model", body.deepCopy().put("pipeline", "motor-b")), "model", 60_000);
        }
        assertThat(refused.get("code").asText()).as(refused.toString()).isEqualTo("pipeline_required");
        assertThat(swapped.get("ok").asBoolean()).as(swapped.toString()).isTrue();
        assertThat(swapped.get("pipeline").asText()).isEqualTo("motor-b");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<JsonNode> b = on(base + "pipelines/motor-b/predictions");
            return b.get(b.size() - 1).get("model").get("version").asText().equals("2.0.0");
        });
        int aBefore = on(base + "pipelines/motor-a/predictions").size();
        await().atMost(Duration.ofSeconds(10)).until(() -> on(base + "pipelines/motor-a/predictions").size() >= aBefore
                + 10);
        assertThat(on(base + "pipelines/motor-a/predictions")).as("motor-a keeps its model")
                .allMatch(p -> p.get("model").get("version").asText().equals("1.0.0")
                        || p.get("model").get("name").asText().equals("vibration_int8"));
        assertThat(daemon.model("motor-a").info().sha256()).isNotEqualTo(sha);
        assertThat(daemon.model("motor-b").info().sha256()).isEqualTo(sha);
        String written = Files.readString(file);
        String itemA = written.substring(written.indexOf("- id: motor-a"), written.indexOf("- id: motor-b"));
        String itemB = written.substring(written.indexOf("- id: motor-b"), written.indexOf("- id: conveyor"));
        assertThat(itemB).as("the file names motor-b's new model in its own item").contains("vib-2.0.0-",
                "version: \"2.0.0\"");
        assertThat(itemA).as("and leaves motor-a's alone").contains("vibration_int8.pt").doesNotContain("2.0.0");
    }

    @Test
    void aPipelineWithoutAClassifierRunsBesideOneWithAndRefusesModelCommands() throws Exception {
        start("""
                device_id: mixed-1
                pipelines:
                  - id: motor
                    model: {path: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 1, scenario: [{state: imbalance, duration_s: 60}]}
                    window: {size: 256, hop: 64}
                  - id: pump
                    anomaly: {enabled: true, learn_windows: %d}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 2, speed: 20}
                    window: {size: 256, hop: 128}
                    pipeline: {queue_capacity: 4096, overflow: block}
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                telemetry: {interval_s: 0.5}
                metrics: {port: 0}
                control: {allow_unsigned: true}
                """.formatted(VIBRATION, AnomalyConfigReader.MIN_LEARN_WINDOWS, live.url(), dir.resolve("mixed.db")));
        String base = "edgeinfer/mixed-1/";
        await().atMost(Duration.ofSeconds(40)).until(() -> on(base + "pipelines/pump/predictions").stream()
                .anyMatch(m -> m.get("anomaly").get("state").asText().equals("normal"))
                && !on(base + "pipelines/motor/predictions").isEmpty());
        assertThat(on(base + "pipelines/motor/predictions").get(0).get("label").asText()).isEqualTo("imbalance");
        assertThat(on(base + "pipelines/pump/predictions")).allSatisfy(m -> {
            assertThat(m.get("model").isNull()).isTrue();
            assertThat(m.has("label")).isFalse();
        });
        assertThat(daemon.model("pump")).isNull();
        JsonNode status = last(base + "status");
        assertThat(status.get("model").get("name").asText()).as("the first pipeline's").isNotEmpty();
        assertThat(status.get("pipelines").get(1).get("classifier").asText()).isEqualTo("none");
        await().atMost(Duration.ofSeconds(10)).until(() -> last(base + "telemetry") != null);
        assertThat(new TelemetrySchema().violations(last(base + "telemetry"))).isEmpty();

        try (ControlClient client = new ControlClient(live.url(), "edgeinfer/mixed-1", new CommandSigner(null, Clock
                .systemUTC()))) {
            JsonNode push = client.await(client.send("model", Json.mapper().createObjectNode().put("pipeline", "pump")
                    .put("url", VIBRATION.toUri().toString()).put("sha256", Sha256.hex(VIBRATION))), "model", 30_000);
            assertThat(push.get("code").asText()).as(push.toString()).isEqualTo("no_classifier");
            JsonNode back = client.await(client.send("rollback", Json.mapper().createObjectNode().put("pipeline",
                    "pump")), "rollback", 30_000);
            assertThat(back.get("code").asText()).as(back.toString()).isEqualTo("no_classifier");
            JsonNode report = client.await(client.send("status", Json.mapper().createObjectNode()), "status", 30_000);
            assertThat(ids(report.get("pipelines"))).containsExactly("motor", "pump");
            assertThat(report.get("pipelines").get(0).get("versions")).isNotEmpty();
            assertThat(report.get("pipelines").get(1).get("classifier").asText()).isEqualTo("none");
            assertThat(report.get("pipelines").get(1).get("versions")).isEmpty();
        }
    }

    private JsonNode last(String topic) {
        List<JsonNode> all = on(topic);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(p -> p.get("id").asText()).toList();
    }
}
