package io.edgeinfer.bench.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The fleet bench's broker: mosquitto (Debian's package) as a child process on a free loopback
 * port, without persistence (the bench measures a rollout, not an outage), its connection and queue
 * limits lifted so a thousand devices and their retained reports fit.
 */
final class LocalMosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;
    private final Path log;

    private LocalMosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts mosquitto with its files in {@code dir}; returns once it accepts connections. */
    static LocalMosquitto start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException(BINARY
                    + " not found: the fleet bench needs mosquitto (apt-get install -y mosquitto)");
        }
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_connections -1\n"
                + "max_queued_messages 0\nmax_inflight_messages 0\nuser root\n");
        Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LocalMosquitto m = new LocalMosquitto(p, port, log);
        m.awaitListening(TimeUnit.SECONDS.toNanos(10));
        return m;
    }

    private void awaitListening(long timeoutNanos) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited at start: " + Files.readString(log));
                }
                // a process start cannot be waited on any other way than by trying its port
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        close();
        throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
