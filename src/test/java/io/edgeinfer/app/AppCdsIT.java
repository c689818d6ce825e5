package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/edgeinfer's AppCDS archive, in the service's cache under systemd (CACHE_DIRECTORY) or in the
 * user's (XDG_CACHE_HOME): written by one run, checked and used by the next.
 */
class AppCdsIT {
    @TempDir
    Path dir;

    private void runUntilAPrediction(Path cfg, Path cache, String javaOpts, MqttProbe probe, String device)
            throws Exception {
        runUntilAPrediction(cfg, Map.of("CACHE_DIRECTORY", cache.toString()), javaOpts, probe, device);
    }

    private void runUntilAPrediction(Path cfg, Map<String, String> env, String javaOpts, MqttProbe probe, String device)
            throws Exception {
        int before = probe.on("edgeinfer/" + device + "/predictions").size();
        Process p = launch(cfg, env, javaOpts, dir.resolve("log.txt"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> probe.on("edgeinfer/" + device + "/predictions")
                    .size() > before);
        } finally {
            p.destroy();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();
    }

    /** bin/edgeinfer run on {@code cfg} with only the given cache and JVM settings of the test's environment. */
    private static Process launch(Path cfg, Map<String, String> env, String javaOpts, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/edgeinfer").toAbsolutePath().toString(), "run", "--config",
                cfg.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("CACHE_DIRECTORY");
        pb.environment().remove("EDGEINFER_APPCDS");
        pb.environment().putAll(env);
        pb.environment().put("EDGEINFER_JAVA_OPTS", javaOpts);
        return pb.start();
    }

    private List<Path> archives(Path cache) throws Exception {
        return files(cache, "appcds-\\d+\\.jsa");
    }

    /** Archives written at exit, not yet checked by a start. */
    private List<Path> parts(Path cache) throws Exception {
        return files(cache, "appcds-\\d+\\.jsa\\.part-\\d+");
    }

    private static List<Path> files(Path folder, String regex) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().matches(regex)).toList();
        }
    }

    private String yaml(String url, String device) {
        String natives = Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl").toString();
        return TestConfigs.yaml(url, device).replace("  path: models/vibration_int8.pt",
                "  path: " + Path.of("models/vibration_int8.pt").toAbsolutePath() + "\n  cache_dir: " + natives);
    }

    @Test
    void theFirstServiceRunWritesTheArchiveAndTheNextLoadsTheDaemonFromIt() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/cds-1/#")) {
            Path cfg = Files.writeString(dir.resolve("cds.yaml"), yaml(broker.url(), "cds-1"));
            Path classLog = dir.resolve("classes.txt");
            String opts = "-Xlog:class+load=info:file=" + classLog;

            runUntilAPrediction(cfg, cache, opts, probe, "cds-1");
            assertThat(parts(cache)).singleElement().satisfies(a -> assertThat(Files.size(a)).isGreaterThan(1_000_000));
            assertThat(archives(cache)).isEmpty();

            runUntilAPrediction(cfg, cache, opts, probe, "cds-1");
            assertThat(Files.readAllLines(classLog))
                    .anyMatch(l -> l.contains("io.edgeinfer.app.Daemon source: shared objects file"));
            assertThat(archives(cache)).hasSize(1);
            assertThat(parts(cache)).isEmpty();
        }
    }

    @Test
    void aPlainRunKeepsItsArchiveInTheUsersCacheUnlessTurnedOff() throws Exception {
        Path xdg = Files.createDirectories(dir.resolve("xdg"));
        Path classLog = dir.resolve("classes.txt");
        String opts = "-Xlog:class+load=info:file=" + classLog;
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/cds-2/#")) {
            Path cfg = Files.writeString(dir.resolve("plain.yaml"), yaml(broker.url(), "cds-2"));
            Map<String, String> plain = Map.of("XDG_CACHE_HOME", xdg.toString());
            runUntilAPrediction(cfg, plain, opts, probe, "cds-2");
            runUntilAPrediction(cfg, plain, opts, probe, "cds-2");
            assertThat(archives(xdg.resolve("edgeinfer"))).hasSize(1);
            assertThat(Files.readAllLines(classLog))
                    .anyMatch(l -> l.contains("io.edgeinfer.app.Daemon source: shared objects file"));

            runUntilAPrediction(cfg, Map.of("XDG_CACHE_HOME", xdg.toString(), "EDGEINFER_APPCDS", "off"), opts, probe,
                    "cds-2");
            assertThat(Files.readAllLines(classLog)).noneMatch(l -> l.contains("io.edgeinfer") && l.contains(
                    "shared objects file"))
                    .anyMatch(l -> l.contains("io.edgeinfer.app.Daemon source: file:"));
        }
    }

    @Test
    void daemonsStartingAtOnceWithAnArchiveToCheckAllStart() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/+/predictions")) {
            Path first = Files.writeString(dir.resolve("first.yaml"), yaml(broker.url(), "cds-4"));
            runUntilAPrediction(first, cache, "", probe, "cds-4");
            assertThat(parts(cache)).hasSize(1);

            // Three launchers at the same moment all find the part and check it; only one can rename it.
            List<Process> launched = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path cfg = Files.writeString(dir.resolve("at-once-" + i + ".yaml"), yaml(broker.url(), "cds-at-" + i));
                launched.add(launch(cfg, Map.of("CACHE_DIRECTORY", cache.toString()), "", dir.resolve("at-once-" + i
                        + ".txt")));
            }
            try {
                // Each one either predicts or has exited.
                await().atMost(Duration.ofSeconds(120)).until(() -> Stream.of(0, 1, 2).allMatch(i -> !launched.get(i)
                        .isAlive() || !probe.on("edgeinfer/cds-at-" + i + "/predictions").isEmpty()));
                for (int i = 0; i < 3; i++) {
                    assertThat(launched.get(i).isAlive()).as(Files.readString(dir.resolve("at-once-" + i + ".txt")))
                            .isTrue();
                }
            } finally {
                launched.forEach(Process::destroy);
            }
            for (Process p : launched) {
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(archives(cache)).hasSize(1);
        }
    }

    @Test
    void aTruncatedArchiveFromARunKilledWhileWritingItIsDiscardedNotMapped() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/cds-3/#")) {
            Path cfg = Files.writeString(dir.resolve("cut.yaml"), yaml(broker.url(), "cds-3"));
            runUntilAPrediction(cfg, cache, "", probe, "cds-3");
            Path part = parts(cache).get(0);
            byte[] whole = Files.readAllBytes(part);
            // What a power cut during the write at exit leaves: mapped, it crashes the JVM (SIGBUS).
            Files.write(part, Arrays.copyOf(whole, whole.length / 2));

            runUntilAPrediction(cfg, cache, "", probe, "cds-3");
            assertThat(Files.exists(part)).as("the truncated archive is removed").isFalse();
            assertThat(archives(cache)).isEmpty();
            assertThat(parts(cache)).as("this run wrote a new one").hasSize(1);
        }
    }
}
