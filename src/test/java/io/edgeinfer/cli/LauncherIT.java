package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built launcher, bin/edgeinfer, as an operator or systemd runs it. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        // A config without outbox.path would use the user's state directory: not the tester's.
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        return pb.start();
    }

    private Result finish(Process p, long seconds) throws Exception {
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("exited within %d s", seconds).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve(
                "err.txt")));
    }

    private Result run(String... args) throws Exception {
        return finish(start(args), 60);
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private String demoYaml(String broker, String device) {
        return TestConfigs.yaml(broker, device).replace("models/vibration_int8.pt",
                Path.of("models/vibration_int8.pt").toAbsolutePath().toString());
    }

    @Test
    void badConfigExits78NamingEveryBadKey() throws Exception {
        Path bad = write("bad.yaml", """
                device_id: dev
                model: {path: /nonexistent.pt, labels: [a, b], threads: 0}
                window: {size: 64, hop: 65}
                mqtt: {broker: "nope://x"}
                """);
        Result r = run("check-config", bad.toString());
        assertThat(r.exit()).isEqualTo(78);
        assertThat(r.err()).contains("model.path: model file not found", "model.threads", "window.hop", "mqtt.broker",
                "4 errors");

        Result run = run("run", "--config", bad.toString());
        assertThat(run.exit()).isEqualTo(78);
        assertThat(run.err()).contains("model.threads", "window.hop", "mqtt.broker");
    }

    @Test
    void badUsageExits64WithTheUsageOnStderr() throws Exception {
        Result none = run();
        assertThat(none.exit()).isEqualTo(64);
        assertThat(none.err()).contains("Usage: edgeinfer", "check-config");
        Result noConfig = run("run");
        assertThat(noConfig.exit()).isEqualTo(64);
        assertThat(noConfig.err()).contains("Missing required option: '--config=FILE'");
        assertThat(run("frob").exit()).isEqualTo(64);
    }

    @Test
    void missingModelExits78BeforeAnythingIsPublished() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "#")) {
            Path cfg = write("nomodel.yaml", demoYaml(broker.url(), "l-1").replace(
                    Path.of("models/vibration_int8.pt").toAbsolutePath().toString(), dir.resolve("gone.pt")
                            .toString()));
            Result r = run("run", "--config", cfg.toString());
            assertThat(r.exit()).isEqualTo(78);
            assertThat(r.err()).contains("model.path: model file not found");
            assertThat(probe.all()).isEmpty();
        }
    }

    @Test
    void aListenPortInUseExits69NamingKeyAndPortBeforeAnythingIsPublished() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "#");
                ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            Path metrics = write("metrics.yaml", demoYaml(broker.url(), "l-3") + "metrics: {port: " + port + "}\n");
            Result r = run("run", "--config", metrics.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(69);
            assertThat(r.err()).contains("metrics.port: 127.0.0.1:" + port + " is in use by another process");
            assertThat(r.err()).doesNotContain("model vibration_int8");

            Path embedded = write("embedded.yaml", demoYaml("embedded", "l-3").replace("embedded: {port: 0}",
                    "embedded: {port: " + port + "}"));
            Result e = run("run", "--config", embedded.toString());
            assertThat(e.exit()).as(e.err()).isEqualTo(69);
            assertThat(e.err()).contains("mqtt.embedded.port: 127.0.0.1:" + port + " is in use", "mosquitto");
            assertThat(probe.all()).isEmpty();
        }
    }

    @Test
    void checkConfigPrintsTheEffectiveConfigAndLoadsTheModel() throws Exception {
        Result r = run("check-config", Path.of("config/demo.yaml").toAbsolutePath().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("device_id: demo-01", "queue_capacity: 16", "client_id: edgeinfer-demo-01");
        assertThat(r.err()).contains("model OK: vibration-mlp");
    }

    @Test
    void sigtermStopsCleanlyWithExit0AndOfflineStatus() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/l-2/#")) {
            Path cfg = write("good.yaml", demoYaml(broker.url(), "l-2"));
            Process p = start("run", "--config", cfg.toString());
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.on("edgeinfer/l-2/predictions").size() >= 3);
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            Result r = finish(p, 10);
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(stopMs).as("stop time").isLessThan(5000);
            assertThat(r.err()).contains("stopped cleanly");
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.on("edgeinfer/l-2/status").stream()
                    .anyMatch(s -> s.get("state").asText().equals("offline")));
        }
    }

    @Test
    void simulateWritesLabelledCsv() throws Exception {
        Path csv = dir.resolve("d.csv");
        Result r = run("simulate", "--windows", "12", "--size", "16", "--out", csv.toString());
        assertThat(r.exit()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0)).startsWith("label,x_0,x_1").endsWith(",z_15");
        assertThat(lines.get(1).split(",")).hasSize(1 + 3 * 16);
        assertThat(lines.subList(1, 13)).allSatisfy(l -> assertThat(l.split(",")[0])
                .isIn("normal", "imbalance", "misalignment", "bearing_fault"));
    }

    @Test
    void benchReportsRawAndPipelineFiguresWithTheirRatio() throws Exception {
        Result r = run("bench", "--model", Path.of("models/vibration_int8.pt").toAbsolutePath().toString(),
                "--windows", "50", "--rounds", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        // The pipeline's row is named by its publishing mode (every, unless --publish says otherwise).
        assertThat(r.out()).contains("(a) raw DJL predict loop", "(b) every, service per window",
                "every: ratio b/a throughput", "process RSS");
        assertThat(r.out()).containsPattern("\\(a\\) raw DJL predict loop\\s+\\d+\\.\\d");
        assertThat(r.out()).containsPattern("every: ratio b/a throughput \\d+\\.\\d{3}");
    }

    @Test
    void benchRefusesAModelThatDoesNotFitTheWindow() throws Exception {
        Result r = run("bench", "--model", Path.of("models/vibration_int8.pt").toAbsolutePath().toString(),
                "--windows", "20", "--window-size", "64");
        assertThat(r.exit()).isEqualTo(78);
        assertThat(r.err()).contains("rejects input of shape [1, 3, 64]");
    }
}
