package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/demo-anomaly.yaml through the launcher, as its comment tells a user to run it: it learns
 * normal running, scores it normal, and after a restart with a bearing fault in the scenario alarms
 * from the baseline it kept.
 */
class DemoAnomalyIT {
    private static final Path DEMO = Path.of("config/demo-anomaly.yaml").toAbsolutePath();
    private static final String BASE = "edgeinfer/demo-anomaly-01/";

    @TempDir
    Path dir;

    private Process run(String yaml) throws Exception {
        return DemoLaunch.run(dir, "demo-anomaly.yaml", yaml);
    }

    private void stop(Process p) throws Exception {
        DemoLaunch.stop(dir, p);
    }

    private static String state(JsonNode prediction) {
        return prediction.get("anomaly").get("state").asText();
    }

    @Test
    void learnsNormalRunningThenAlarmsOnABearingFaultAfterARestartWithTheSameBaseline() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), BASE + "#")) {
            // The demo as shipped, pointed at this test's broker, with no fixed metrics port.
            String yaml = DemoLaunch.shipped(DEMO, broker.url()).replace("port: 9464", "port: 0");
            assertThat(yaml).as("the demo's scenario, which the fault replaces below").contains(
                    DemoLaunch.ANOMALY_STEPS);
            Process p = run(yaml);
            await().atMost(Duration.ofSeconds(90)).until(() -> probe.on(BASE + "predictions").stream()
                    .anyMatch(j -> state(j).equals("normal")));
            List<JsonNode> learned = probe.on(BASE + "predictions");
            assertThat(state(learned.get(0))).as("it starts learning").isEqualTo("learning");
            assertThat(learned).as("normal running, speed and load steps included, never alarms")
                    .noneMatch(j -> j.get("anomaly").get("alarm").asBoolean());
            stop(p);

            int before = probe.on(BASE + "predictions").size();
            int eventsBefore = probe.on(BASE + "anomaly").size();
            p = run(yaml.replace(DemoLaunch.ANOMALY_STEPS,
                    "    - {state: bearing_fault, duration_s: 60, shaft_hz: 25}\n"));
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.on(BASE + "anomaly").stream()
                    .skip(eventsBefore).anyMatch(e -> e.get("alarm").asBoolean()));
            JsonNode restarted = probe.on(BASE + "predictions").get(before);
            assertThat(state(restarted)).as("the kept baseline scores at once").isNotEqualTo("learning");
            assertThat(restarted.get("anomaly").get("learned_windows").asLong()).isEqualTo(900);
            stop(p);
        }
    }
}
