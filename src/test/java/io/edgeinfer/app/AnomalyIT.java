package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.LiveBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon with the demo classifier and the anomaly stage on the simulator, sped up 20 times,
 * to a real broker: it learns on normal running that includes speed and load steps, raises no alarm
 * while the machine stays normal, raises one within a minute (simulated) of a bearing fault's onset
 * as the fault grows from nothing, clears it when the fault is taken away, keeps its baseline across
 * a restart, and answers {@code cmd/anomaly}.
 */
class AnomalyIT {
    private static final Path VIBRATION = Path.of("models/vibration_int8.pt").toAbsolutePath();
    /** Simulated seconds: three rounds of two operating points (learning, then normal held), the ramp, the full fault, normal. */
    private static final long NORMAL_S = 360;
    private static final long RAMP_S = 120;
    private static final long FAULT_S = 30;
    private static final long CYCLE_S = NORMAL_S + RAMP_S + FAULT_S + 240;
    private static final double SPEED = 20;
    private static final String BASE = "edgeinfer/anomaly-1/";

    @TempDir
    Path dir;

    private final SimulatedBoard board = new SimulatedBoard();
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    private Daemon daemon;
    /** The daemon's clock, for the commands' timestamps too. */
    private Clock clock;

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String yaml() {
        return """
                device_id: anomaly-1
                model: {path: %s}
                source:
                  type: simulated-vibration
                  rate_hz: 400
                  seed: 3
                  speed: %s
                  scenario:
                    - {state: normal, duration_s: 60, shaft_hz: 25}
                    - {state: normal, duration_s: 60, shaft_hz: 35, load: 1.5}
                    - {state: normal, duration_s: 60, shaft_hz: 25}
                    - {state: normal, duration_s: 60, shaft_hz: 35, load: 1.5}
                    - {state: normal, duration_s: 60, shaft_hz: 25}
                    - {state: normal, duration_s: 60, shaft_hz: 35, load: 1.5}
                    - {state: bearing_fault, duration_s: %d, shaft_hz: 25, fault_level: 0, fault_level_to: 1}
                    - {state: bearing_fault, duration_s: %d, shaft_hz: 25}
                    - {state: normal, duration_s: 240, shaft_hz: 25}
                window: {size: 256, hop: 128}
                pipeline: {queue_capacity: 4096, overflow: block}
                anomaly: {enabled: true, learn_windows: 900}
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                control: {allow_unsigned: true}
                telemetry: {interval_s: 1}
                """.formatted(VIBRATION, SPEED, RAMP_S, FAULT_S, live.url(), dir.resolve("outbox.db"));
    }

    /**
     * Starts the daemon on a clock whose now is the start of the scenario's cycle (the simulator's
     * scenario is a function of the sample clock), so learning sees normal running only.
     */
    private long start() throws Exception {
        Path file = Files.writeString(dir.resolve("anomaly.yaml"), yaml());
        DaemonConfig config = new ConfigLoader(Map.of("PATH", "/usr/bin:/bin")).load(file);
        long now = System.currentTimeMillis();
        long cycleStart = now - Math.floorMod(now, CYCLE_S * 1000) + CYCLE_S * 1000;
        clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(cycleStart - now));
        daemon = Daemon.start(config, clock, board::newContext, file);
        return cycleStart;
    }

    private List<JsonNode> predictions() {
        return live.probe().on(BASE + "predictions");
    }

    private List<JsonNode> events() {
        return live.probe().on(BASE + "anomaly");
    }

    private JsonNode last(String topic) {
        List<JsonNode> all = live.probe().on(topic);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    @Test
    void learnsNormalRunningWithSpeedChangesAlarmsOnAGrowingBearingFaultAndKeepsItsBaselineAcrossARestart()
            throws Exception {
        long cycleStart = start();
        long onsetMs = cycleStart + NORMAL_S * 1000;
        long removedMs = onsetMs + (RAMP_S + FAULT_S) * 1000;
        await().atMost(Duration.ofSeconds(20)).until(() -> !predictions().isEmpty());
        JsonNode first = predictions().get(0);
        assertThat(first.get("label").isTextual()).as("the classifier still answers").isTrue();
        assertThat(first.get("anomaly").get("state").asText()).isEqualTo("learning");
        assertThat(last(BASE + "status").get("pipelines").get(0).get("anomaly").get("phase").asText())
                .isEqualTo("learning");
        try (ControlClient client = new ControlClient(live.url(), "edgeinfer/anomaly-1", new CommandSigner(null,
                clock))) {
            JsonNode early = client.await(client.send("anomaly", Json.mapper().createObjectNode().put("action",
                    "accept")),
                    "anomaly", 20_000);
            assertThat(early.get("code").asText()).as(early.toString()).isEqualTo("not_ready");
            JsonNode typo = client.await(client.send("anomaly", Json.mapper().createObjectNode().put("action",
                    "forget")),
                    "anomaly", 20_000);
            assertThat(typo.get("code").asText()).isEqualTo("bad_request");
            assertThat(typo.get("error").asText()).contains("action", "relearn, accept or status");
            JsonNode status = client.await(client.send("status", Json.mapper().createObjectNode()), "status", 20_000);
            assertThat(status.get("pipelines").get(0).get("anomaly").get("phase").asText()).as(status.toString())
                    .isEqualTo("learning");
        }

        // The fault comes and goes; the alarm follows it.
        await().atMost(Duration.ofSeconds(90)).until(() -> events().stream().anyMatch(e -> !e.get("alarm").asBoolean()
                && e.get("window_end_ms").asLong() > removedMs));
        List<JsonNode> events = events();
        assertThat(events.get(0).get("alarm").asBoolean()).as("the first scored window says the alarm is off")
                .isFalse();
        assertThat(events.get(0).get("window_end_ms").asLong()).isLessThan(onsetMs);
        JsonNode raised = events.stream().filter(e -> e.get("alarm").asBoolean()).findFirst().orElseThrow();
        assertThat(raised.get("window_end_ms").asLong()).as("no alarm while normal, speed and load steps included")
                .isGreaterThan(onsetMs);
        assertThat(raised.get("window_end_ms").asLong() - onsetMs).as("raised within 60 s of onset").isLessThan(60_000);
        assertThat(raised.get("top_features")).isNotEmpty();
        assertThat(raised.get("severity").get("zone").asText()).matches("[ABCD]");
        assertThat(events.stream().filter(e -> e.get("alarm").asBoolean()
                && e.get("window_end_ms").asLong() < cycleStart + CYCLE_S * 1000).count()).as("one alarm for one fault")
                .isEqualTo(1);

        List<JsonNode> scored = predictions().stream().filter(p -> p.get("window_start_ms").asLong() < onsetMs
                && !p.get("anomaly").get("state").asText().equals("learning")).toList();
        assertThat(scored).as("normal running after learning").hasSizeGreaterThan(100)
                .allSatisfy(p -> assertThat(p.get("anomaly").get("alarm").asBoolean()).isFalse());
        JsonNode normal = scored.get(scored.size() - 1);
        assertThat(normal.get("anomaly").get("threshold").asDouble()).isPositive();
        assertThat(normal.get("anomaly").get("learned_windows").asLong()).isEqualTo(900);
        assertThat(normal.get("severity").get("velocity_rms_mm_s").asDouble()).isPositive();
        assertThat(daemon.registry().scrape()).contains("edgeinfer_anomaly_threshold{pipeline=\"main\"}");
        JsonNode telemetry = last(BASE + "telemetry").get("pipelines").get(0).get("anomaly");
        assertThat(telemetry.get("state").asText()).isIn("normal", "anomaly");
        assertThat(telemetry.get("zone").asText()).matches("[ABCD]");

        // A restart keeps the baseline: scoring resumes at once, no learning.
        daemon.close();
        daemon = null;
        int before = predictions().size();
        assertThat(Files.exists(dir.resolve("anomaly-main.baseline"))).as("beside the outbox, in the state folder")
                .isTrue();
        start();
        await().atMost(Duration.ofSeconds(20)).until(() -> predictions().size() > before + 5);
        assertThat(predictions().get(before).get("anomaly").get("state").asText()).isEqualTo("normal");
        assertThat(predictions().get(before).get("anomaly").get("learned_windows").asLong()).isEqualTo(900);

        // An operator's relearn forgets it.
        try (ControlClient client = new ControlClient(live.url(), "edgeinfer/anomaly-1", new CommandSigner(null,
                clock))) {
            JsonNode status = client.await(client.send("status", Json.mapper().createObjectNode()), "status", 20_000);
            JsonNode kept = status.get("pipelines").get(0).get("anomaly");
            assertThat(kept.get("phase").asText()).as(status.toString()).isEqualTo("ready");
            assertThat(kept.get("baseline").get("windows").asLong()).isEqualTo(900);
            assertThat(kept.get("threshold").asDouble()).isPositive();
            assertThat(kept.get("alarm").asBoolean()).isFalse();
            JsonNode relearn = client.await(client.send("anomaly", Json.mapper().createObjectNode().put("action",
                    "relearn")),
                    "anomaly", 20_000);
            assertThat(relearn.get("ok").asBoolean()).as(relearn.toString()).isTrue();
            assertThat(relearn.get("pipeline").asText()).isEqualTo("main");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> last(BASE + "predictions").get("anomaly").get("state")
                .asText().equals("learning"));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(BASE + "status").get("pipelines").get(0).get("anomaly")
                .get("phase").asText().equals("learning"));
    }
}
