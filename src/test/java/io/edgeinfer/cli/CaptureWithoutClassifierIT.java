package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.capture.CaptureDataset;
import io.edgeinfer.capture.CaptureItem;
import io.edgeinfer.capture.CapturePull;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.mqtt.Mosquitto;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/demo-anomaly-only.yaml with capture on: a daemon with no classifier keeps a random sample
 * and the windows its anomaly stage scores above the threshold (a bearing fault after learning),
 * and {@code cmd/capture} hands them over (list and fetch, through {@link CapturePull}) as items
 * with no prediction and no model, which {@code capture dataset} takes with empty labels.
 */
class CaptureWithoutClassifierIT {
    private static final Path DEMO = Path.of("config/demo-anomaly-only.yaml").toAbsolutePath();
    private static final String BASE = "edgeinfer/demo-anomaly-only-01";
    private static final String FAULT_AFTER_LEARNING = """
                - {state: normal, duration_s: 100, shaft_hz: 25}
                - {state: bearing_fault, duration_s: 600, shaft_hz: 25}
            """;

    @TempDir
    Path dir;

    @Test
    void keepsTheSampleAndTheAnomalousWindowsAndHandsThemOverWithoutAModel() throws Exception {
        Mosquitto.assumeInstalled();
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
                MqttProbe probe = new MqttProbe(broker.url(), BASE + "/status")) {
            String yaml = DemoLaunch.anomalyOnly(DEMO, broker.url()).replace(DemoLaunch.ANOMALY_STEPS,
                    FAULT_AFTER_LEARNING)
                    .replace("  learn_windows: 900\n", "  learn_windows: 300\n")
                    + "capture: {enabled: true, sample_rate: 0.05, dir: " + dir.resolve("kept") + "}\n";
            assertThat(yaml).contains("bearing_fault", "learn_windows: 300");
            Process p = DemoLaunch.run(dir, "demo-anomaly-only.yaml", yaml);
            Path pulled = dir.resolve("pulled");
            // The online status follows the daemon's command subscription: a command sent earlier is lost.
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.on(BASE + "/status").stream()
                    .anyMatch(s -> s.path("state").asText().equals("online")));
            try (ControlClient client = new ControlClient(broker.url(), BASE,
                    new CommandSigner(null, Clock.systemUTC()))) {
                CapturePull pull = new CapturePull(client, null, 20_000);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    pull.pull(pulled, false);
                    List<String> reasons = items(pulled).stream().map(CaptureItem::reasonNames).toList();
                    return reasons.stream().anyMatch(r -> r.contains("anomaly"))
                            && reasons.stream().anyMatch(r -> r.contains("sample"));
                });
            } finally {
                DemoLaunch.stop(dir, p);
            }
            List<CaptureItem> items = items(pulled);
            assertThat(items).allSatisfy(i -> {
                assertThat(i.prediction()).isNull();
                assertThat(i.model()).isNull();
                assertThat(i.input().shape()).containsExactly(3, 256);
                assertThat(i.tsMs()).isPositive();
            });
            CaptureItem.Reason anomaly = items.stream().flatMap(i -> i.reasons().stream())
                    .filter(r -> r.reason().equals("anomaly")).findFirst().orElseThrow();
            assertThat(anomaly.detail()).containsKeys("score", "threshold", "alarm", "top_features");
            assertThat((Double) anomaly.detail().get("score")).isGreaterThan((Double) anomaly.detail().get(
                    "threshold"));

            CaptureDataset.Result sheet = CaptureDataset.build(pulled, dir.resolve("ds"));
            assertThat(sheet.items()).isEqualTo(items.size());
            assertThat(sheet.confirmed()).isZero();
            assertThat(Files.readAllLines(dir.resolve("ds/labels.csv")).stream().skip(1))
                    .as("no guess: label empty, unconfirmed").allMatch(l -> l.matches("[0-9-a-f]+,,no,,,.*"));
            String log = DemoLaunch.err(dir);
            assertThat(log).as("no error, no stack trace").doesNotContain(" ERROR ", "Exception");
        }
    }

    /** Every item the pulls wrote, read and checked as the daemon wrote it. */
    private static List<CaptureItem> items(Path pulled) throws Exception {
        List<CaptureItem> out = new ArrayList<>();
        if (!Files.isDirectory(pulled)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(pulled)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String id = f.getFileName().toString().replace(".json", "");
                out.add(CaptureItem.read(Files.readAllBytes(f), id));
            }
        }
        return out;
    }
}
