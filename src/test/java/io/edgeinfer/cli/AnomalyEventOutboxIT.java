package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Mosquitto;
import io.edgeinfer.mqtt.MqttProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An anomaly alarm raised while the broker is away, by a daemon that then stops before the broker
 * comes back, still reaches the retained alarm topic: the event waited in the outbox file and the
 * next start delivers it, retained, marked replayed. (Published directly, it was dropped.)
 */
class AnomalyEventOutboxIT {
    private static final Path DEMO = Path.of("config/demo-anomaly-only.yaml").toAbsolutePath();
    private static final String BASE = "edgeinfer/demo-anomaly-only-01/";
    private static final Pattern ALARM_ON = Pattern.compile(
            "(?m)^edgeinfer_anomaly_alarm\\{pipeline=\"main\",?} 1\\.0$");

    @TempDir
    Path dir;

    private Process run(String yaml) throws Exception {
        return DemoLaunch.run(dir, "demo-anomaly-only.yaml", yaml);
    }

    private static String metrics(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return ""; // not listening yet
        }
    }

    @Test
    void anAlarmRaisedWhileTheBrokerIsAwayIsDeliveredAfterARestart() throws Exception {
        Mosquitto.assumeInstalled();
        int port = Mosquitto.freePort();
        int metrics = Mosquitto.freePort();
        Mosquitto broker = new Mosquitto(dir.resolve("broker"), port, "").start();
        String yaml;
        try (MqttProbe probe = new MqttProbe(broker.url(), BASE + "#")) {
            yaml = DemoLaunch.shipped(DEMO, broker.url()).replace("port: 9464", "port: " + metrics)
                    .replace("port: 8080", "port: " + Mosquitto.freePort());
            assertThat(yaml).contains(DemoLaunch.ANOMALY_STEPS);
            Process p = run(yaml);
            // Learned, and the first scored window said the alarm is off.
            await().atMost(Duration.ofSeconds(90)).until(() -> probe.on(BASE + "anomaly").stream()
                    .anyMatch(e -> !e.get("alarm").asBoolean()));
            DemoLaunch.stop(dir, p);
        }
        broker.close();

        // The broker is away: the kept baseline scores the fault at once and the alarm is raised.
        Process p = run(yaml.replace(DemoLaunch.ANOMALY_STEPS,
                "    - {state: bearing_fault, duration_s: 60, shaft_hz: 25}\n"));
        await().atMost(Duration.ofSeconds(60)).until(() -> ALARM_ON.matcher(metrics(metrics)).find());
        DemoLaunch.stop(dir, p);

        try (Mosquitto back = new Mosquitto(dir.resolve("broker-back"), port, "").start();
                MqttProbe probe = new MqttProbe(back.url(), BASE + "anomaly")) {
            p = run(yaml);
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.on(BASE + "anomaly").stream()
                    .anyMatch(AnomalyEventOutboxIT::replayedRaise));
            assertThat(probe.received(BASE + "anomaly")).filteredOn(r -> replayedRaise(r.json()))
                    .first().satisfies(r -> assertThat(r.json().get("state").asText()).isEqualTo("anomaly"));
            DemoLaunch.stop(dir, p);
        }
    }

    private static boolean replayedRaise(JsonNode e) {
        return e.get("alarm").asBoolean() && e.path("replayed").asBoolean();
    }
}
