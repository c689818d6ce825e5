package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/edgeinfer's AppCDS archive under systemd (CACHE_DIRECTORY): written by one run, used by the next. */
class AppCdsIT {
    @TempDir
    Path dir;

    private void runUntilAPrediction(Path cfg, Path cache, String javaOpts, MqttProbe probe, String device) throws Exception {
        int before = probe.on("edgeinfer/" + device + "/predictions").size();
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/edgeinfer").toAbsolutePath().toString(), "run", "--config",
                cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        if (cache != null) {
            pb.environment().put("CACHE_DIRECTORY", cache.toString());
        } else {
            pb.environment().remove("CACHE_DIRECTORY");
        }
        pb.environment().put("EDGEINFER_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> probe.on("edgeinfer/" + device + "/predictions").size() > before);
        } finally {
            p.destroy();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();
    }

    private List<Path> archives(Path cache) throws Exception {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(f -> f.getFileName().toString().matches("appcds-\\d+\\.jsa")).toList();
        }
    }

    @Test
    void theFirstServiceRunWritesTheArchiveAndTheNextLoadsTheDaemonFromIt() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        String natives = Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl").toString();
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/cds-1/#")) {
            String yaml = TestConfigs.yaml(broker.url(), "cds-1").replace("  path: models/vibration_int8.pt",
                    "  path: " + Path.of("models/vibration_int8.pt").toAbsolutePath() + "\n  cache_dir: " + natives);
            Path cfg = Files.writeString(dir.resolve("cds.yaml"), yaml);

            runUntilAPrediction(cfg, cache, "", probe, "cds-1");
            assertThat(archives(cache)).singleElement().satisfies(a -> assertThat(Files.size(a)).isGreaterThan(1_000_000));

            Path classLog = dir.resolve("classes.txt");
            runUntilAPrediction(cfg, cache, "-Xlog:class+load=info:file=" + classLog, probe, "cds-1");
            assertThat(Files.readAllLines(classLog))
                    .anyMatch(l -> l.contains("io.edgeinfer.app.Daemon source: shared objects file"));
            assertThat(archives(cache)).hasSize(1);
        }
    }

    @Test
    void outsideSystemdNoArchiveIsUsedOrMade() throws Exception {
        Path classLog = dir.resolve("classes.txt");
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/cds-2/#")) {
            String yaml = TestConfigs.yaml(broker.url(), "cds-2").replace("models/vibration_int8.pt",
                    Path.of("models/vibration_int8.pt").toAbsolutePath().toString());
            runUntilAPrediction(Files.writeString(dir.resolve("plain.yaml"), yaml), null,
                    "-Xlog:class+load=info:file=" + classLog, probe, "cds-2");
        }
        assertThat(Files.readAllLines(classLog)).noneMatch(l -> l.contains("io.edgeinfer") && l.contains("shared objects file"))
                .anyMatch(l -> l.contains("io.edgeinfer.app.Daemon source: file:"));
    }
}
