package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.sensor.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole daemon in-process: simulated sensor, real model, real broker, real subscriber. */
class DaemonIT {
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");

    @Test
    void predictionsFollowTheScenarioWithIncreasingSeqAndTheDocumentedSchema() throws Exception {
        DaemonConfig config = TestConfigs.config(live.url(), "it-1");
        String predictions = "edgeinfer/it-1/predictions";
        Daemon daemon = Daemon.start(config, Clock.systemUTC());
        try {
            // Two full scenario cycles: every state, every switch twice.
            await().atMost(Duration.ofSeconds(40)).until(() -> live.probe().on(predictions).size() >= 2 * 10 * 400
                    / 32);
        } finally {
            daemon.close();
        }
        List<JsonNode> preds = live.probe().on(predictions);

        long prev = -1;
        for (JsonNode p : preds) {
            assertThat(p.get("seq").asLong()).isEqualTo(prev + 1);
            prev = p.get("seq").asLong();
            assertThat(p.get("boot_id").asText()).isEqualTo(daemon.bootId());
            assertThat(p.get("model").get("sha256").asText()).isEqualTo(daemon.model().info().sha256());
            assertThat(p.get("model").get("name").asText()).isEqualTo("vibration-mlp");
            assertThat(p.get("model").get("version").asText()).isEqualTo("1.0.0");
            assertThat(p.get("scores").size()).isEqualTo(4);
            double sum = 0;
            for (JsonNode s : p.get("scores")) {
                sum += s.asDouble();
            }
            assertThat(sum).isBetween(0.999, 1.001);
            assertThat(p.get("label").asText()).isIn(MachineState.BY_KEY.keySet());
            JsonNode lat = p.get("latency_ms");
            assertThat(lat.get("total").asDouble()).isGreaterThanOrEqualTo(lat.get("inference").asDouble());
            assertThat(lat.get("preprocess").asDouble()).isGreaterThanOrEqualTo(0);
            // 256 samples at 400 Hz span 637.5 ms from first to last sample.
            assertThat(p.get("ts_ms").asLong() - p.get("window_start_ms").asLong()).isBetween(636L, 639L);
        }

        // Accuracy per state, on windows that lie entirely inside one scenario step.
        Scenario scenario = new Scenario(((SimulatedVibrationConfig) config.first().source()).scenario());
        Map<MachineState, int[]> tally = new EnumMap<>(MachineState.class);
        for (JsonNode p : preds) {
            MachineState first = scenario.stateAt(p.get("window_start_ms").asLong() * 1_000_000);
            MachineState last = scenario.stateAt(p.get("ts_ms").asLong() * 1_000_000);
            if (first != last) {
                continue;
            }
            int[] t = tally.computeIfAbsent(first, k -> new int[2]);
            t[1]++;
            if (p.get("label").asText().equals(first.key())) {
                t[0]++;
            }
        }
        assertThat(tally.keySet()).containsExactlyInAnyOrder(MachineState.values());
        List<String> report = new ArrayList<>();
        tally.forEach((s, t) -> report.add(s.key() + " " + t[0] + "/" + t[1]));
        tally.forEach((s, t) -> assertThat(t[0]).as("correct for %s (%s)", s, report).isGreaterThanOrEqualTo((int) Math
                .ceil(0.9 * t[1])));
    }

    @Test
    void statusIsRetainedOnlineThenOfflineAndTelemetryFollowsItsSchema() throws Exception {
        Daemon daemon = Daemon.start(TestConfigs.config(live.url(), "it-2"), Clock.systemUTC());
        String status = "edgeinfer/it-2/status";
        String telemetry = "edgeinfer/it-2/telemetry";
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> live.probe().on(telemetry).size() >= 2);
        } finally {
            daemon.close();
        }
        JsonNode online = live.probe().on(status).get(0);
        assertThat(online.get("state").asText()).isEqualTo("online");
        assertThat(online.get("boot_id").asText()).isEqualTo(daemon.bootId());
        assertThat(online.get("model").get("sha256").asText()).hasSize(64);
        assertThat(online.get("version").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(5)).until(() -> live.probe().on(status).size() >= 2);
        assertThat(live.probe().on(status).get(live.probe().on(status).size() - 1).get("state").asText()).isEqualTo(
                "offline");

        JsonNode t = live.probe().on(telemetry).get(1);
        for (String f : List.of("ts_ms", "uptime_s", "inferences_total", "rate_hz", "latency_ms",
                "dropped_windows_total",
                "cpu_percent", "rss_mb", "heap_used_mb")) {
            assertThat(t.has(f)).as("telemetry has %s: %s", f, t).isTrue();
        }
        // One interval's rate jitters by a window or two when the simulator catches up after a pause on
        // a busy machine: judge the rate over every interval sent.
        List<JsonNode> all = live.probe().on(telemetry);
        JsonNode first = all.get(0);
        JsonNode last = all.get(all.size() - 1);
        double seconds = last.get("uptime_s").asDouble() - first.get("uptime_s").asDouble();
        double rate = (last.get("inferences_total").asLong() - first.get("inferences_total").asLong()) / seconds;
        assertThat(t.get("rate_hz").asDouble()).as("a rate in windows/s").isPositive();
        assertThat(rate).as("400 Hz / hop 32 = 12.5 windows/s over %.1f s", seconds).isBetween(9.0, 15.0);
        for (String q : List.of("p50", "p95", "p99", "max")) {
            assertThat(t.get("latency_ms").get(q).asDouble()).isPositive();
        }
        assertThat(t.get("latency_ms").get("p99").asDouble()).isLessThanOrEqualTo(t.get("latency_ms").get("max")
                .asDouble());
        assertThat(t.get("rss_mb").asDouble()).isPositive();

        // A subscriber arriving after the daemon left still gets the offline status: it was
        // retained. (Moquette 0.17 clears the RETAIN flag on such deliveries, so the content
        // arriving at all is the proof.)
        try (MqttProbe late = new MqttProbe(live.url(), status)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !late.all().isEmpty());
            assertThat(late.all().get(0).json().get("state").asText()).isEqualTo("offline");
        }
    }

    @Test
    void embeddedBrokerServesSubscribersAndPrometheusCountsWindows() throws Exception {
        DaemonConfig config = TestConfigs.config("embedded", "it-3");
        Daemon daemon = Daemon.start(config, Clock.systemUTC());
        try (MqttProbe local = new MqttProbe(daemon.brokerUrl(), "edgeinfer/it-3/predictions")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> local.all().size() >= 5);
            String scrape = daemon.registry().scrape();
            assertThat(scrape).contains("edgeinfer_inference_seconds_bucket", "edgeinfer_windows_total",
                    "edgeinfer_windows_dropped_total", "edgeinfer_inference_errors_total", "edgeinfer_outbox_depth",
                    "edgeinfer_mqtt_connected 1.0", "edgeinfer_mqtt_delivered_total");
        } finally {
            daemon.close();
        }
    }
}
