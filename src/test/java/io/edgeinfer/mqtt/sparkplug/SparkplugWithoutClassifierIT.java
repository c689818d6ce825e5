package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.mqtt.Mosquitto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon with a classifier pipeline and one without (anomaly detection only) in Sparkplug format,
 * against a real mosquitto and a Tahu-decoding host: the device without a classifier is born with
 * its anomaly and severity metrics and no label, score or model metric, and its DDATA carry them.
 */
class SparkplugWithoutClassifierIT {
    private static final String GROUP = "plant";

    @TempDir
    Path dir;

    private String yaml(SparkplugRig rig) {
        return """
                device_id: sp-anomaly
                pipelines:
                  - id: motor-a
                    model: {path: %s, labels: [normal, imbalance, misalignment, bearing_fault]}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 2}
                  - id: fan
                    source: {type: simulated-vibration, rate_hz: 400, seed: 3, speed: 10}
                    pipeline: {queue_capacity: 4096, overflow: block}
                    anomaly: {enabled: true, learn_windows: 100}
                mqtt:
                  broker: "%s"
                  format: sparkplug
                  sparkplug: {group_id: %s, edge_node_id: line5-pi}
                outbox: {path: "%s", commit_interval_ms: 10}
                telemetry: {interval_s: 0.5}
                """.formatted(SparkplugRig.MODEL, rig.tap.url(), GROUP, dir.resolve("outbox.db"));
    }

    @Test
    void theDeviceWithoutAClassifierReportsItsAnomalyMetricsAndNoLabel() throws Exception {
        Mosquitto.assumeInstalled();
        try (SparkplugRig rig = new SparkplugRig(dir, GROUP)) {
            SparkplugHost host = rig.host;
            Daemon d = rig.start(yaml(rig));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> host.of("DDATA", "fan").stream()
                        .anyMatch(m -> "normal".equals(m.values().get("prediction/anomaly/state"))));
            } finally {
                d.close();
            }
            assertThat(host.undecodable()).isEmpty();
            SparkplugHost.Msg birth = host.of("DBIRTH", "fan").get(0);
            assertThat(birth.values()).containsKeys("prediction/anomaly/state", "prediction/anomaly/score",
                    "prediction/anomaly/threshold", "prediction/anomaly/alarm", "prediction/severity/zone",
                    "prediction/seq", "telemetry/rate_hz");
            assertThat(birth.values().keySet()).noneMatch(k -> k.startsWith("prediction/scores/")
                    || k.startsWith("prediction/model/") || k.equals("prediction/label")
                    || k.equals("prediction/confidence"));
            assertThat(host.of("DBIRTH", "motor-a").get(0).values()).containsKeys("prediction/label",
                    "prediction/scores/normal");

            // A DDATA carries the metrics that changed: the device's values are the birth's, updated by each.
            Map<String, Object> now = new HashMap<>(birth.values());
            host.of("DDATA", "fan").forEach(m -> now.putAll(m.values()));
            assertThat(now.get("prediction/anomaly/state")).isEqualTo("normal");
            assertThat(now.get("prediction/anomaly/score")).isInstanceOf(Double.class);
            assertThat((Double) now.get("prediction/anomaly/threshold")).isPositive();
            assertThat(now.get("prediction/severity/zone")).isIn("A", "B", "C", "D");
            Set<String> declared = birth.values().keySet();
            assertThat(host.of("DDATA", "fan")).as("every metric of the data was declared in the birth")
                    .allSatisfy(m -> assertThat(declared).containsAll(m.values().keySet()));
        }
    }
}
