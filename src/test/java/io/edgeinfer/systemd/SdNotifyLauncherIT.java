package io.edgeinfer.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/edgeinfer as systemd starts it (Type=notify, WatchdogSec), against a real notify socket. */
class SdNotifyLauncherIT {
    @TempDir
    Path dir;

    @Test
    void theDaemonSaysReadyAfterItsFirstPredictionPingsTheWatchdogAndSaysStopping() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/sd-1/#");
                NotifySocketServer systemd = NotifySocketServer.atPath(dir.resolve("notify"))) {
            Path cfg = dir.resolve("sd.yaml");
            Files.writeString(cfg, TestConfigs.yaml(broker.url(), "sd-1").replace("models/vibration_int8.pt",
                    Path.of("models/vibration_int8.pt").toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(Path.of("bin/edgeinfer").toAbsolutePath().toString(), "run",
                    "--config",
                    cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
            pb.environment().put("NOTIFY_SOCKET", systemd.name());
            pb.environment().put("WATCHDOG_USEC", "2000000");
            Process p = pb.start();
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> systemd.received().stream().anyMatch(s -> s
                        .startsWith("READY=1")));
                String ready = systemd.received().stream().filter(s -> s.startsWith("READY=1")).findFirst()
                        .orElseThrow();
                assertThat(ready).matches(
                        "(?s)READY=1\nSTATUS=model vibration-mlp 1\\.0\\.0: [0-9.]+ windows/s, [1-9][0-9]* inferred, \\d+ dropped");
                String log = Files.readString(dir.resolve("log.txt"));
                assertThat(log.indexOf("first prediction")).as(log).isPositive()
                        .isLessThan(log.indexOf("told systemd the service is ready"));
                await().atMost(Duration.ofSeconds(10)).until(() -> systemd.count("WATCHDOG=1") >= 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("edgeinfer/sd-1/predictions").isEmpty());
            } finally {
                p.destroy(); // SIGTERM, as systemctl stop
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.received().contains(
                    "STOPPING=1\nSTATUS=stopping"));
        }
    }
}
