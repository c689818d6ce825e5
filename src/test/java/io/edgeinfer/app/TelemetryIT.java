package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.telemetry.TelemetrySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry message end to end: real model, real broker, real subscriber, each message checked
 * against docs/telemetry.schema.json.
 */
class TelemetryIT {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/vcgencmd").toAbsolutePath();

    @TempDir
    Path dir;

    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    private final TelemetrySchema schema = new TelemetrySchema();

    private static String yaml(String broker, String device, String telemetry) {
        return TestConfigs.yaml(broker, device).replace("telemetry: {interval_s: 1}\n", telemetry);
    }

    private void assertConforms(List<JsonNode> messages) {
        for (JsonNode t : messages) {
            assertThat(schema.violations(t)).as("schema violations of %s", t).isEmpty();
            assertThat(TelemetrySchema.keys(t)).as("documented fields").isEqualTo(schema.properties());
        }
    }

    @Test
    void everyTelemetryMessageFollowsTheDocumentedSchemaAndItsDefinitions() throws Exception {
        String telemetry = """
                telemetry:
                  interval_s: 1
                  sample_interval_s: 0.25
                  power: estimate
                  idle_w: 2.7
                  full_w: 6.4
                """;
        DaemonConfig config = new ConfigLoader(Map.of()).parse(yaml(live.url(), "tel-1", telemetry), Path.of("")
                .toAbsolutePath());
        String topic = "edgeinfer/tel-1/telemetry";
        Daemon daemon = Daemon.start(config, Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> live.probe().on(topic).size() >= 4);
        } finally {
            daemon.close();
        }
        List<JsonNode> all = live.probe().on(topic);
        assertConforms(all);

        JsonNode t = all.get(2); // a full interval in steady state
        assertThat(t.get("boot_id").asText()).isEqualTo(daemon.bootId());
        assertThat(t.get("model").get("sha256").asText()).isEqualTo(daemon.model().info().sha256());
        assertThat(t.get("rate_hz").asDouble()).as("400 Hz / hop 32 = 12.5 windows/s").isBetween(8.0, 14.0);
        assertThat(t.get("windows_in_total").asLong()).isGreaterThanOrEqualTo(t.get("windows_out_total").asLong());
        assertThat(t.get("publish_ms").get("p50").asDouble()).isPositive();
        assertThat(t.get("power_source").asText()).isEqualTo("estimate");
        double p = t.get("power_w").asDouble();
        assertThat(p).isBetween(2.7, 6.4);
        // The published figures obey their definitions (docs/telemetry.md), up to rounding.
        double n = t.get("rate_hz").asDouble() * t.get("interval_s").asDouble();
        double busyS = t.get("inference_busy_percent").asDouble() / 100 * t.get("interval_s").asDouble();
        assertThat(t.get("energy_mj_per_inference").asDouble()).isCloseTo(p * busyS / n * 1000, within(0.05 * p * busyS
                / n * 1000 + 0.01));
        assertThat(t.get("energy_marginal_mj_per_inference").asDouble())
                .isCloseTo((p - 2.7) * t.get("interval_s").asDouble() / n * 1000, within(0.05 * (p - 2.7) / n * 1000
                        + 1));
        assertThat(t.get("idle_w").asDouble()).isEqualTo(2.7);
        assertThat(t.get("outbox_depth").isIntegralNumber()).as("the outbox reports its depth").isTrue();
        assertThat(t.get("outbox_depth").asLong()).isNotNegative();
    }

    @Test
    void withPowerOffThePowerFiguresAreNullAndTheMessageStillConforms() throws Exception {
        DaemonConfig config = new ConfigLoader(Map.of()).parse(
                yaml(live.url(), "tel-2", "telemetry: {interval_s: 1, power: off}\n"), Path.of("").toAbsolutePath());
        String topic = "edgeinfer/tel-2/telemetry";
        Daemon daemon = Daemon.start(config, Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> live.probe().on(topic).size() >= 2);
        } finally {
            daemon.close();
        }
        assertConforms(live.probe().on(topic));
        JsonNode t = live.probe().on(topic).get(1);
        for (String f : List.of("power_source", "power_w", "energy_mj_per_inference",
                "energy_marginal_mj_per_inference")) {
            assertThat(t.get(f).isNull()).as(f).isTrue();
        }
    }

    /**
     * The launcher on a "Raspberry Pi 5": a stand-in {@code vcgencmd} on PATH prints the outputs
     * recorded on a real Pi 5, so the real subprocess runner, parser and publisher all take part.
     */
    @Test
    void onAPi5ThePmicAndThrottlingReachTheSubscriber() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("vcgencmd");
        Files.writeString(fake, """
                #!/bin/sh
                case "$1" in
                  pmic_read_adc) cat '%s/pi5-pmic_read_adc.txt' ;;
                  get_throttled) cat '%s/pi5-get_throttled.txt' ;;
                  *) cat '%s/pi5-command-not-registered.txt'; exit 255 ;;
                esac
                """.formatted(FIXTURES, FIXTURES, FIXTURES));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        String yaml = yaml(live.url(), "tel-3", "telemetry: {interval_s: 1, power: pmic}\n").replace(
                "models/vibration_int8.pt",
                Path.of("models/vibration_int8.pt").toAbsolutePath().toString());
        Path cfg = Files.writeString(dir.resolve("pi5.yaml"), yaml);

        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/edgeinfer").toAbsolutePath().toString(), "run", "--config",
                cfg.toString())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String topic = "edgeinfer/tel-3/telemetry";
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> live.probe().on(topic).size() >= 3 || !p.isAlive());
        } finally {
            p.destroy();
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).as(read("err.txt")).isZero();
        assertThat(read("err.txt")).contains("power: pmic");
        List<JsonNode> all = live.probe().on(topic);
        assertConforms(all);
        JsonNode t = all.get(1);
        assertThat(t.get("power_source").asText()).isEqualTo("pmic");
        assertThat(t.get("power_w").asDouble()).as("the recorded rails sum to 7.2398 W").isCloseTo(7.24, within(0.001));
        assertThat(t.get("throttled").get("raw").asText()).isEqualTo("0x0");
        assertThat(t.get("throttled").get("now").get("throttled").asBoolean()).isFalse();
        assertThat(t.get("latency_degraded_while_throttled").asBoolean()).isFalse();
    }

    @Test
    void benchTelemetryReportsTheOverheadRatioAndEnergyPerModelLabelledWithItsSource() throws Exception {
        String models = Path.of("models/vibration_int8.pt").toAbsolutePath() + "," + Path.of("models/vibration_fp32.pt")
                .toAbsolutePath();
        Process p = new ProcessBuilder(Path.of("bin/edgeinfer").toAbsolutePath().toString(), "bench-telemetry",
                "--model", models,
                "--windows", "200", "--rounds", "1", "--energy-seconds", "0.5", "--power", "estimate", "--idle-w",
                "2.7", "--full-w", "6.4")
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read("err.txt")).isZero();
        String out = read("out.txt");
        assertThat(out).contains("throughput ratio on/off per round:", "process CPU ms per window:",
                "telemetry thread CPU:",
                "power source estimate - A MODEL, NOT A MEASUREMENT", "vibration_int8.pt", "vibration_fp32.pt");
        assertThat(out).containsPattern(
                "vibration_fp32\\.pt\\s+\\d+\\.\\d\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{3}\\s+\\d+\\.\\d{5}\\s+\\d+\\.\\d{5}");
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }
}
