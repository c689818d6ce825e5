package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A demo config run through the launcher, as the README tells a user to run it. */
final class DemoLaunch {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();
    /** The anomaly demos' scenario, every step normal: a test replaces it with a fault. */
    static final String ANOMALY_STEPS = """
                - {state: normal, duration_s: 60, shaft_hz: 25}
                - {state: normal, duration_s: 60, shaft_hz: 35, load: 1.5}
            """;

    private DemoLaunch() {
    }

    /** The launcher with {@code args}; its output to {@code dir}'s {@code out} and {@code err}. */
    static Process start(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        // The demo keeps its outbox and model history in the user's state directory: not the tester's.
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        return pb.start();
    }

    /**
     * The demo as shipped, pointed at a test's broker instead of 127.0.0.1:1883, with its relative
     * model paths and {@code {config_dir}} made absolute (the copy lives in the test's folder).
     */
    static String shipped(Path demo, String brokerUrl) throws IOException {
        return Files.readString(demo)
                .replace("broker: embedded", "broker: \"" + brokerUrl + "\"")
                .replace("../models/", demo.getParent().resolve("../models").normalize() + "/")
                .replace("{config_dir}", demo.getParent().toString());
    }

    /**
     * The anomaly-only demo as {@link #shipped}, its metrics on an ephemeral port and its device page
     * on a free one (the shipped 9464 and 8080 may be taken).
     */
    static String anomalyOnly(Path demo, String brokerUrl) throws IOException {
        return shipped(demo, brokerUrl).replace("port: 9464", "port: 0").replace("port: 8080", "port: "
                + Mosquitto.freePort());
    }

    /** {@code run} on {@code yaml}, written to {@code dir}'s {@code name} (a later run overwrites it). */
    static Process run(Path dir, String name, String yaml) throws IOException {
        Path cfg = Files.writeString(dir.resolve(name), yaml);
        return start(dir, "run", "--config", cfg.toString());
    }

    /** Stops a {@link #run} as systemd does (SIGTERM) and checks it ended cleanly, its log as the reason. */
    static void stop(Path dir, Process p) throws IOException, InterruptedException {
        p.destroy();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err(dir)).isZero();
    }

    static String err(Path dir) throws IOException {
        return Files.readString(dir.resolve("err"));
    }
}
