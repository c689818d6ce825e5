package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP (what {@code systemctl reload} sends) re-reads the config file of the real launcher. */
class ReloadSignalIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();
    private static final Path MODELS = Path.of("models").toAbsolutePath();

    @TempDir
    Path dir;

    private static String sha(String model) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(MODELS.resolve(
                model))));
    }

    @Test
    void sighupAppliesAValidFileAndRefusesAnInvalidOneWhileServing() throws Exception {
        String int8 = sha("vibration_int8.pt");
        String fp32 = sha("vibration_fp32.pt");
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/hup-1/predictions")) {
            String yaml = """
                    device_id: hup-1
                    model: {path: %s, version: "1.0.0", labels: [normal, imbalance, misalignment, bearing_fault]}
                    window: {size: 256, hop: 32}
                    mqtt: {broker: "%s"}
                    outbox: {path: state/outbox.db}
                    telemetry: {interval_s: 1}
                    control: {watch_config_file: false}
                    """.formatted(MODELS.resolve("vibration_int8.pt"), broker.url());
            Path config = dir.resolve("edge.yaml");
            Files.writeString(config, yaml);
            Process p = new ProcessBuilder(LAUNCHER.toString(), "run", "--config", config.toString())
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> probe.all().size() >= 3);
                assertThat(lastSha(probe)).isEqualTo(int8);

                Files.writeString(config, yaml.replace("vibration_int8.pt", "vibration_fp32.pt").replace("1.0.0",
                        "2.0.0"));
                signal(p, "HUP");
                await().atMost(Duration.ofSeconds(60)).until(() -> lastSha(probe).equals(fp32));
                assertThat(last(probe).get("model").get("version").asText()).isEqualTo("2.0.0");

                Files.writeString(config, yaml.replace("interval_s: 1", "interval_s: -1"));
                signal(p, "HUP");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(dir.resolve("err.txt"))
                        .contains("refused (SIGHUP), the running config stays"));
                assertThat(Files.readString(dir.resolve("err.txt"))).contains(
                        "telemetry.interval_s: must be between 0.1 and 86400.0");
                int seen = probe.all().size();
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.all().size() > seen + 3);
                assertThat(lastSha(probe)).as("still the model of the last valid file").isEqualTo(fp32);
                assertThat(p.isAlive()).isTrue();
                signal(p, "TERM");
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sighupWhileStartingNeitherKillsTheDaemonNorIsLost() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/hup-2/predictions")) {
            String yaml = """
                    device_id: hup-2
                    model: {path: %s, version: "1.0.0"}
                    window: {size: 256, hop: 32}
                    mqtt: {broker: "%s"}
                    outbox: {path: state/outbox.db}
                    control: {watch_config_file: false}
                    """.formatted(MODELS.resolve("vibration_int8.pt"), broker.url());
            Path config = dir.resolve("edge.yaml");
            Files.writeString(config, yaml);
            Path err = dir.resolve("err-2.txt");
            Process p = new ProcessBuilder(LAUNCHER.toString(), "run", "--config", config.toString())
                    .redirectOutput(dir.resolve("out-2.txt").toFile()).redirectError(err.toFile()).start();
            try {
                // The platform line comes once the file has been read, before the model loads: the
                // signal lands while the daemon is still starting.
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(err).contains("platform: "));
                signal(p, "HUP");
                await().atMost(Duration.ofSeconds(90)).until(() -> !p.isAlive() || probe.all().size() >= 3);
                assertThat(p.isAlive()).as("alive after an early SIGHUP:%n%s", Files.readString(err)).isTrue();
                assertThat(last(probe).get("model").get("version").asText()).isEqualTo("1.0.0");
                // Not lost either: the file is read again once the daemon runs.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> Files.readString(err).contains("config file re-read (SIGHUP while starting)"));
                signal(p, "TERM");
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static void signal(Process p, String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    private static JsonNode last(MqttProbe probe) {
        List<MqttProbe.Received> all = probe.all();
        return all.get(all.size() - 1).json();
    }

    private static String lastSha(MqttProbe probe) {
        return last(probe).get("model").get("sha256").asText();
    }
}
