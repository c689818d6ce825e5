package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.mqtt.Mosquitto;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.mqtt.SeqAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the real launcher while the broker is down: the restarted daemon delivers everything. */
class CrashIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();
    private static final String TOPIC = "edgeinfer/crash/predictions";

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
        Files.writeString(config, TestConfigs.fastYaml(broker.url(), "crash", outbox.toString(), "")
                .replace("models/vibration_int8.pt", Path.of("models/vibration_int8.pt").toAbsolutePath().toString()));

        Process first = launch(config, "first.log");
        // Let it produce a few seconds of predictions into the outbox (200 per second).
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("first.log")).contains(
                "first prediction"));
        Thread.sleep(3000); // production time before the crash, not a synchronisation
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
            List<String> boots = List.copyOf(audit.byBoot().keySet());
            assertThat(boots).hasSize(2);
            TreeMap<Long, List<Boolean>> crashed = audit.byBoot().get(boots.get(0));
            // ~3 s at 200 windows/s went into the outbox before the kill; all of it arrives, replayed.
            assertThat(crashed.size()).isGreaterThan(400);
            assertThat(crashed.values()).allSatisfy(copies -> assertThat(copies).contains(true));
            assertThat(Files.readString(dir.resolve("second.log"))).contains("MQTT connected");
        } finally {
            broker.close();
        }
    }

    private static Set<String> bootIds(MqttProbe probe) {
        return probe.on(TOPIC).stream().map(p -> p.get("boot_id").asText()).collect(Collectors.toSet());
    }
}
