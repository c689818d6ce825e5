package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.capture.CaptureItem;
import io.edgeinfer.cli.Main;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.telemetry.TelemetrySchema;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture end to end against a real broker (docs/capture.md): the daemon keeps windows on disk while
 * it infers, says so in telemetry, status and Prometheus, and hands them over in chunks through
 * signed {@code cmd/capture} commands, deleting them only when told; a capture folder that cannot be
 * written is said in the status while inference and publishing go on; a candidate in a fleet
 * rollout's shadow stage that labels otherwise leaves those windows kept with its answer.
 */
class CaptureIT {
    @TempDir
    Path dir;

    private final SimulatedBoard board = new SimulatedBoard();
    private final KeyPair operator = Ed25519Keys.generate();
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    private Daemon daemon;

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private void start(String device, String capture) throws Exception {
        start(device, capture, "");
    }

    /** With {@code more} YAML appended (a fleet group, say). */
    private void start(String device, String capture, String more) throws Exception {
        String yaml = """
                device_id: %s
                model:
                  path: %s
                  labels: [normal, imbalance, misalignment, bearing_fault]
                source:
                  type: simulated-vibration
                  rate_hz: 400
                  mount: side
                  scenario: [{state: normal, duration_s: 1}, {state: imbalance, duration_s: 1}]
                window: {size: 256, hop: 64}
                capture: %s
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                telemetry: {interval_s: 0.5}
                metrics: {port: 0}
                control:
                  trusted_keys: [%s]
                  state_dir: %s
                %s
                """.formatted(device, Path.of("models/vibration_int8.pt").toAbsolutePath(), capture, live.url(),
                dir.resolve("outbox.db"), Base64.getEncoder().encodeToString(operator.getPublic().getEncoded()),
                dir.resolve("state"), more);
        DaemonConfig config = new ConfigLoader(Map.of("PATH", "/usr/bin:/bin")).parse(yaml, dir);
        daemon = Daemon.start(config, Clock.systemUTC(), board::newContext);
    }

    private JsonNode last(String topic) {
        List<JsonNode> all = live.probe().on(topic);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private JsonNode capture(JsonNode telemetry) {
        return telemetry == null ? null : telemetry.get("pipelines").get(0).get("capture");
    }

    private static JsonNode ask(ControlClient c, ObjectNode body) throws Exception {
        JsonNode r = c.await(c.send("capture", body), "capture", 30_000);
        assertThat(r).as("an answer to " + body).isNotNull();
        return r;
    }

    private static ObjectNode body(String action) {
        return Json.mapper().createObjectNode().put("action", action);
    }

    @Test
    void keptWindowsAreListedFetchedInChunksAndDeletedOverSignedCommands() throws Exception {
        start("cap-1", "{enabled: true, sample_rate: 1, rate_per_min: {sample: 6000}}");
        String base = "edgeinfer/cap-1";
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            JsonNode c = capture(last(base + "/telemetry"));
            return c != null && c.get("items").asInt() >= 3;
        });
        JsonNode t = last(base + "/telemetry");
        assertThat(new TelemetrySchema().violations(t)).as("schema").isEmpty();
        assertThat(capture(t).get("kept_by_reason").get("sample").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(capture(t).get("state").asText()).isEqualTo("ok");
        assertThat(last(base + "/status").get("pipelines").get(0).get("capture").get("state").asText()).isEqualTo("ok");
        assertThat(daemon.registry().scrape()).contains(
                "edgeinfer_capture_kept_total{pipeline=\"main\",reason=\"sample\"");

        try (ControlClient signed = new ControlClient(live.url(), base, new CommandSigner(operator.getPrivate(), Clock
                .systemUTC()));
                ControlClient unsigned = new ControlClient(live.url(), base, new CommandSigner(null, Clock
                        .systemUTC()))) {
            JsonNode refused = ask(unsigned, body("list"));
            assertThat(refused.get("ok").asBoolean()).as("keys are trusted: an unsigned list is refused " + refused)
                    .isFalse();

            JsonNode list = ask(signed, body("list").put("limit", 2));
            assertThat(list.get("ok").asBoolean()).as(list.toString()).isTrue();
            assertThat(list.get("items")).hasSize(2);
            assertThat(list.get("more").asBoolean()).isTrue();
            String id = list.get("items").get(0).get("id").asText();

            byte[] bytes = fetch(signed, id, 1024);
            CaptureItem item = CaptureItem.read(bytes, id);
            assertThat(item.deviceId()).isEqualTo("cap-1");
            assertThat(item.reasonNames()).contains("sample");
            assertThat(item.model().sha256()).isEqualTo(daemon.model("main").info().sha256());
            assertThat(item.input().shape()).containsExactly(3, 256);
            assertThat(item.input().channels()).containsExactly("x", "y", "z");
            assertThat(item.prediction().scores()).containsOnlyKeys("normal", "imbalance", "misalignment",
                    "bearing_fault");
            assertThat(live.probe().on(base + "/predictions")).as("the kept window's prediction was published")
                    .anyMatch(p -> p.get("seq").asLong() == item.seq()
                            && p.get("label").asText().equals(item.prediction().label()));

            ObjectNode delete = body("delete");
            delete.putArray("ids").add(id).add("0000000000000-00000000");
            JsonNode deleted = ask(signed, delete);
            assertThat(deleted.get("deleted").get(0).asText()).as(deleted.toString()).isEqualTo(id);
            assertThat(deleted.get("missing").get(0).asText()).isEqualTo("0000000000000-00000000");
            JsonNode gone = ask(signed, body("fetch").put("id", id));
            assertThat(gone.get("code").asText()).as(gone.toString()).isEqualTo("not_found");
            JsonNode hostile = ask(signed, body("fetch").put("id", "../../etc/passwd"));
            assertThat(hostile.get("ok").asBoolean()).isFalse();
            assertThat(hostile.toString()).contains("id");
        }
    }

    /** Every chunk of item {@code id}, checked against the size and digest the first chunk gives. */
    private static byte[] fetch(ControlClient c, String id, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonNode first = ask(c, body("fetch").put("id", id).put("chunk_bytes", chunk));
        assertThat(first.get("ok").asBoolean()).as(first.toString()).isTrue();
        int total = first.get("total").asInt();
        assertThat(total).as("an item of %s bytes takes several chunks", first.get("bytes")).isGreaterThan(1);
        List<JsonNode> parts = new ArrayList<>(List.of(first));
        for (int i = 1; i < total; i++) {
            parts.add(ask(c, body("fetch").put("id", id).put("chunk_bytes", chunk).put("index", i)));
        }
        for (JsonNode p : parts) {
            out.write(Base64.getDecoder().decode(p.get("data").asText()));
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes).hasSize(first.get("bytes").asInt());
        assertThat(Sha256.hex(bytes)).isEqualTo(first.get("sha256").asText());
        return bytes;
    }

    @Test
    void captureFetchesEveryItemHomeSignedAndDeletesEachOnlyOnceItIsWritten() throws Exception {
        start("cap-3", "{enabled: true, sample_rate: 1, rate_per_min: {sample: 5}}");
        await().atMost(Duration.ofSeconds(40)).until(() -> daemon.capture("main").stats().figures().items() >= 5);
        Path key = dir.resolve("operator.key");
        Ed25519Keys.writePrivate(operator.getPrivate(), key);
        Path home = dir.resolve("home");
        String[] pull = {"capture", "pull", "--broker", live.url(), "--device", "cap-3", "--out", home.toString(),
                "--key", key.toString()};
        assertThat(Main.execute(pull)).isZero();
        Path items = home.resolve("cap-3").resolve("main");
        List<Path> first;
        try (var files = Files.list(items)) {
            first = files.sorted().toList();
        }
        assertThat(first).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : first) {
            String id = f.getFileName().toString().replace(".json", "");
            CaptureItem item = CaptureItem.read(Files.readAllBytes(f), id);
            assertThat(item.deviceId()).isEqualTo("cap-3");
        }
        assertThat(daemon.capture("main").stats().figures().items()).as("without --delete the device keeps them")
                .isGreaterThanOrEqualTo(first.size());

        String[] withDelete = Arrays.copyOf(pull, pull.length + 1);
        withDelete[pull.length] = "--delete";
        assertThat(Main.execute(withDelete)).isZero();
        try (var files = Files.list(items)) {
            assertThat(files.toList()).hasSizeGreaterThanOrEqualTo(first.size()).containsAll(first);
        }
        assertThat(daemon.capture("main").stats().figures().items()).as(
                "only those kept after the pull listed (5 a minute)")
                .isLessThanOrEqualTo(2);

        String[] unsigned = Arrays.copyOf(pull, pull.length - 2);
        assertThat(Main.execute(unsigned)).as("keys are trusted: an unsigned pull is refused").isEqualTo(1);
    }

    @Test
    void aCaptureFolderThatCannotBeWrittenIsSaidInTheStatusWhileInferenceGoesOn() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("blocked"), "a file where the capture folder should be");
        start("cap-2", "{enabled: true, sample_rate: 1, rate_per_min: {sample: 6000}, dir: " + notAFolder + "}");
        String base = "edgeinfer/cap-2";
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            JsonNode s = last(base + "/status");
            JsonNode c = s == null ? null : s.get("pipelines").get(0).get("capture");
            return c != null && c.get("state").asText().equals("failing");
        });
        JsonNode state = last(base + "/status").get("pipelines").get(0).get("capture");
        assertThat(state.get("reason").asText()).contains(notAFolder.toString());
        int before = live.probe().on(base + "/predictions").size();
        await().atMost(Duration.ofSeconds(20)).until(() -> live.probe().on(base + "/predictions").size() >= before
                + 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode c = capture(last(base + "/telemetry"));
            return c != null && c.get("write_errors_total").asLong() > 0 && c.get("items").asInt() == 0;
        });
        assertThat(daemon.registry().scrape()).contains("edgeinfer_capture_failing{pipeline=\"main\"} 1.0");
    }

    @Test
    void aShadowCandidateThatDisagreesHasTheWindowsKeptWithItsAnswerWhileTheServingModelGoesOn() throws Exception {
        start("cap-4", "{enabled: true, rate_per_min: {shadow_disagreement: 6000}}", "fleet: {groups: [cap-line]}");
        await().atMost(Duration.ofSeconds(40)).until(() -> last("edgeinfer/cap-4/predictions") != null);
        Path key = dir.resolve("operator.key");
        Ed25519Keys.writePrivate(operator.getPrivate(), key);
        // Names the label after the serving model's on every window: it fails the gate, after its shadow.
        Path candidate = Path.of("src/test/resources/models/shifted_labels.pt").toAbsolutePath();
        String[] rollout = {"rollout", "start", "--model", candidate.toString(), "--version", "2.0.0", "--broker",
                live.url(), "--group", "cap-line", "--key", key.toString(), "--stages", "shadow:100%,serve:100%",
                "--gate", "agreement>=0.9", "--shadow-windows", "30", "--timeout", "60", "--chunk-kb", "16"};
        assertThat(Main.execute(rollout)).as("the gate fails the candidate").isEqualTo(1);
        assertThat(daemon.model("main").info().sha256()).as("still serving").isNotEqualTo(Sha256.hex(candidate));
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.capture("main").stats().figures().items() >= 30);

        Path home = dir.resolve("home");
        assertThat(Main.execute("capture", "pull", "--broker", live.url(), "--device", "cap-4", "--out", home
                .toString(), "--key", key.toString())).isZero();
        List<CaptureItem> items = new ArrayList<>();
        try (var files = Files.list(home.resolve("cap-4").resolve("main"))) {
            for (Path f : files.toList()) {
                items.add(CaptureItem.read(Files.readAllBytes(f), f.getFileName().toString().replace(".json", "")));
            }
        }
        assertThat(items).hasSizeGreaterThanOrEqualTo(30).allSatisfy(item -> {
            assertThat(item.reasonNames()).isEqualTo("shadow_disagreement");
            @SuppressWarnings("unchecked")
            Map<String, Object> shadow = (Map<String, Object>) item.reasons().get(0).detail().get("shadow");
            List<String> labels = List.of("normal", "imbalance", "misalignment", "bearing_fault");
            String next = labels.get((labels.indexOf(item.prediction().label()) + 1) % labels.size());
            assertThat(shadow).as("the shadow's answer beside the serving one's").containsEntry("label", next);
            assertThat(shadow.get("model").toString()).contains(Sha256.hex(candidate));
        });
    }
}
