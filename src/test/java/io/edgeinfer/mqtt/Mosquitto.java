package io.edgeinfer.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto (from apt) on a free loopback port, for tests that stop and restart the broker.
 * Persistence is on, so subscribers' sessions and queued messages survive a restart as in a plant.
 */
public final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final String extraConfig;
    private Process process;

    /** Skips the calling test (with the reason) where mosquitto is not installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY),
                "mosquitto not installed (apt-get install -y mosquitto); .ci/run installs it");
    }

    public Mosquitto(Path dir) throws IOException {
        this(dir, freePort(), "");
    }

    /** @param extraConfig more mosquitto.conf lines (listeners, TLS) */
    public Mosquitto(Path dir, int port, String extraConfig) throws IOException {
        assumeInstalled();
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
        Files.createDirectories(dir);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Mosquitto start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                // Each listener has its own security settings (a TLS one, a password one, ...).
                "per_listener_settings true",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 1",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "user root",
                extraConfig,
                ""));
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(20);
            }
        }
        throw new IOException("mosquitto did not listen on " + port);
    }

    /** SIGTERM: mosquitto saves its persistence file and exits. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public String log() throws IOException {
        Path f = dir.resolve("mosquitto.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
