package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.mqtt.Mosquitto;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.mqtt.SeqAudit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the real launcher while the broker is down: the restarted daemon delivers everything. */
class CrashIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();
    private static final String TOPIC = "edgeinfer/crash/predictions";
    private static final long HELD_BEFORE_KILL = 300;
    private static final Pattern DEPTH = Pattern.compile("(?m)^edgeinfer_outbox_depth(?:\\{[^}]*\\})? (\\S+)$");
    private static final Pattern BOOT = Pattern.compile("running: device .*, boot (\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Process launch(Path config, String log) throws Exception {
        return new ProcessBuilder(LAUNCHER.toString(), "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
                .start();
    }

    @Test
    void whenTheDaemonIsKilledWhileTheBrokerIsDownThenNothingIsLost() throws Exception {
        Mosquitto broker = new Mosquitto(dir.resolve("mosquitto"));
        broker.start();
        new MqttProbe(broker.url(), TOPIC, "probe-crash").close(); // the subscriber's session exists
        broker.stop();

        Path outbox = dir.resolve("outbox.db");
        Path config = dir.resolve("crash.yaml");
        int metricsPort = freePort();
        Files.writeString(config, TestConfigs.fastYaml(broker.url(), "crash", outbox.toString(), "")
                .replace("models/vibration_int8.pt", Path.of("models/vibration_int8.pt").toAbsolutePath().toString())
                + "metrics: {host: 127.0.0.1, port: %d}\n".formatted(metricsPort));

        Process first = launch(config, "first.log");
        // Judged by what the daemon says it holds, not by time: a loaded machine makes fewer windows a second.
        AtomicLong held = new AtomicLong();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            held.set(outboxDepth(metricsPort));
            return held.get() >= HELD_BEFORE_KILL;
        });
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);

        broker.start();
        try (MqttProbe probe = new MqttProbe(broker.url(), TOPIC, "probe-crash")) {
            Process second = launch(config, "second.log");
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> bootIds(probe).size() >= 2
                        && Files.readString(dir.resolve("second.log")).contains("MQTT backlog replayed"));
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.received(TOPIC).size() > 700);
            } finally {
                second.destroy(); // SIGTERM: a clean stop delivers the rest
                assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
            // The last messages of the clean stop may still be on their way to the probe.
            await().atMost(Duration.ofSeconds(10)).until(() -> new SeqAudit(probe.received(TOPIC)).problems()
                    .isEmpty());

            SeqAudit audit = new SeqAudit(probe.received(TOPIC));
            assertThat(audit.problems()).isEmpty();
            assertThat(audit.byBoot()).hasSize(2);
            // The crashed boot is the first process's, named in its log: the second process's live messages
            // can reach the probe before its replay of the first's.
            Matcher boot = BOOT.matcher(Files.readString(dir.resolve("first.log")));
            assertThat(boot.find()).as("first.log names its boot").isTrue();
            TreeMap<Long, List<Boolean>> crashed = audit.byBoot().get(boot.group(1));
            assertThat(crashed).as("messages of the crashed boot " + boot.group(1)).isNotNull();
            // Everything the outbox held when last asked arrives, replayed. The depth counts telemetry too
            // (one a second) and the few messages of the last 10 ms commit interval, hence the margin.
            assertThat(crashed.size()).isGreaterThanOrEqualTo((int) held.get() - 20);
            assertThat(crashed.values()).allSatisfy(copies -> assertThat(copies).contains(true));
            assertThat(Files.readString(dir.resolve("second.log"))).contains("MQTT connected");
        } finally {
            broker.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The outbox depth the daemon serves on /metrics; -1 until the endpoint answers. */
    private static long outboxDepth(int port) {
        try {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = DEPTH.matcher(page.body());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Set<String> bootIds(MqttProbe probe) {
        return probe.on(TOPIC).stream().map(p -> p.get("boot_id").asText()).collect(Collectors.toSet());
    }
}
