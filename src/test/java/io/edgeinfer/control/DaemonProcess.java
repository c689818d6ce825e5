package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A daemon as it runs on a device: the real launcher, {@code bin/edgeinfer run}, as a process of its
 * own, with its own folder (config, model directory holding the demo models, state) and log. Kept
 * light for tests that run many on two cores: the int8 demo model at a few windows a second, and
 * JVM flags that trade peak speed for less compilation.
 */
final class DaemonProcess implements AutoCloseable {
    /** Less JIT work per process (C1 only, one compiler thread), smaller stacks; appended to the launcher's. */
    static final String LIGHT_JVM = "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k";

    final String device;
    final Path dir;
    final Path modelDir;
    private final Path config;
    private Process process;
    private int runs;

    /**
     * @param extraYaml more top-level sections (block style), e.g. {@code fleet} and {@code control}
     * @param sourceExtra more {@code source} keys, YAML flow style without braces (may be empty)
     * @param hop window hop at 400 Hz: 40 is 10 windows a second
     */
    DaemonProcess(Path dir, String device, String brokerUrl, String sourceExtra, int hop, String extraYaml)
            throws IOException {
        this.device = device;
        this.dir = Files.createDirectories(dir);
        this.modelDir = Files.createDirectories(dir.resolve("models"));
        for (String m : new String[]{"vibration_int8.pt", "vibration_fp32.pt"}) {
            Files.copy(ControlHarness.REPO_MODELS.resolve(m), modelDir.resolve(m));
        }
        config = dir.resolve("edge.yaml");
        Files.writeString(config, ControlHarness.deviceYaml(device, "vibration_int8.pt", "", sourceExtra, hop,
                brokerUrl) + extraYaml
                        .stripTrailing() + "\n");
    }

    /** Starts the process (again); returns at once: readiness is for the caller to see on the broker. */
    DaemonProcess start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(OperatorCli.LAUNCHER.toString(), "run", "--config", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().put("EDGEINFER_JAVA_OPTS", LIGHT_JVM);
        // An AppCDS archive is written at exit: ten first runs at once would race on it for nothing.
        pb.environment().put("EDGEINFER_APPCDS", "off");
        process = pb.start();
        runs++;
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, as a power cut would leave it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int runs() {
        return runs;
    }

    Path log() {
        return dir.resolve("daemon.log");
    }

    /** SIGTERM and wait for the clean stop. */
    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
