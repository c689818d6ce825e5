package io.edgeinfer.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * An in-process Moquette broker (MQTT 3.1.1) for the demo and tests. Always bound to the configured
 * host (loopback by default) and with Moquette's telemetry off: by default it binds every interface
 * and calls outside hosts. A message larger than a command may be ({@code control.max_command_bytes})
 * is refused at the door, reported in one log line.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /** {@code control.max_command_bytes}' default. */
    public static final int DEFAULT_MAX_COMMAND_BYTES = 1 << 20;
    /** A message's topic (at most 65535 bytes, with its length) and packet id, besides the payload. */
    private static final int TOPIC_ROOM = 65_535 + 4;
    /**
     * Commands Moquette queues per session thread (its default 1024). When the queue is full it
     * drops a publish without acknowledging it and keeps the connection, which under load (a model
     * pushed in chunks while predictions flow) the default allows. 16384 entries cost 64-128 KiB
     * per thread.
     */
    private static final int SESSION_QUEUE = 16_384;

    private final Server server = new Server();
    private final String host;
    private final int port;
    private final OversizedMessageLog oversized;
    private final boolean persistent;
    private boolean running;

    /**
     * Netty's pooled allocator gives each event loop thread its own arena of 4 MB direct chunks,
     * which Java fills with zeros, so they are resident from the first message on: ~8 MB for a broker
     * carrying a few messages a second (docs/BENCHMARKS.md, "Memory over a soak"). The demo broker
     * allocates per message instead. Netty reads this once, when its allocator first loads; an
     * explicit {@code -Dio.netty.allocator.type} wins.
     */
    static {
        if (System.getProperty("io.netty.allocator.type") == null) {
            System.setProperty("io.netty.allocator.type", "unpooled");
        }
    }

    /** Starts a broker; port 0 picks a free port. */
    public EmbeddedBroker(String host, int port) throws IOException {
        this(host, port, null, DEFAULT_MAX_COMMAND_BYTES);
    }

    /** @param maxCommandBytes {@code control.max_command_bytes}: larger messages are refused */
    public EmbeddedBroker(String host, int port, int maxCommandBytes) throws IOException {
        this(host, port, null, maxCommandBytes);
    }

    /**
     * @param dataDir keep sessions and queued messages there across restarts (needs h2-mvstore on
     *     the classpath, which only the tests carry); null keeps everything in memory
     * @param maxCommandBytes {@code control.max_command_bytes}: larger messages are refused
     */
    public EmbeddedBroker(String host, int port, Path dataDir, int maxCommandBytes) throws IOException {
        this.host = host;
        this.port = port == 0 ? freePort(host) : port;
        int maxMessageBytes = maxCommandBytes + TOPIC_ROOM;
        this.persistent = dataDir != null;
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(this.port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", Boolean.toString(dataDir != null));
        if (dataDir != null) {
            p.setProperty("data_path", dataDir.toString());
        }
        p.setProperty("allow_anonymous", "true");
        // mosquitto_sub and many tools connect with an empty client id.
        p.setProperty("allow_zero_byte_client_id", "true");
        // Moquette's default (8 KiB) is too small for model chunks; a larger message is refused by
        // the decoder, which closes the sender's connection (MQTT 3.1.1 cannot refuse one message).
        p.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
        p.setProperty("session_queue_size", Integer.toString(SESSION_QUEUE));
        this.oversized = OversizedMessageLog.install(maxMessageBytes);
        try {
            server.startServer(new MemoryConfig(p));
        } catch (RuntimeException e) {
            // Moquette reports a busy port as a bare RuntimeException.
            server.stopServer();
            uninstallLog();
            throw new IOException("embedded MQTT broker cannot listen on " + host + ":" + this.port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + " (another broker running? set mqtt.embedded.port or mqtt.broker)", e);
        }
        running = true;
    }

    /**
     * Calls {@code listener} with every message the broker accepts (topic, payload), before any
     * subscriber sees it. Tests use it to see exactly what reached the broker.
     */
    public void onPublish(BiConsumer<String, byte[]> listener) {
        server.addInterceptHandler(new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "edgeinfer-listener";
            }

            @Override
            public void onPublish(InterceptPublishMessage msg) {
                try {
                    byte[] payload = new byte[msg.getPayload().readableBytes()];
                    msg.getPayload().getBytes(msg.getPayload().readerIndex(), payload);
                    listener.accept(msg.getTopicName(), payload);
                } finally {
                    msg.getPayload().release();
                }
            }

            @Override
            public void onSessionLoopError(Throwable error) {
                // Nothing to add to Moquette's own logging.
            }
        });
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    /**
     * Stops the broker; returns once its port is free. Moquette 0.17 then waits out Netty's
     * graceful-shutdown quiet period (2 s, fixed), with its listener and every connection already
     * closed; that part finishes in the background, as nothing is left to lose (no persistence).
     */
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        uninstallLog();
        Thread stop = new Thread(server::stopServer, "edgeinfer-broker-stop");
        stop.setDaemon(!persistent);
        stop.start();
        try {
            if (persistent) {
                stop.join();
            } else {
                awaitPortFree(stop);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until the listener is closed (the port can be bound) or the stop is over, at most 10 s. */
    private void awaitPortFree(Thread stop) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stop.isAlive() && System.nanoTime() < deadline) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(host, port));
                return;
            } catch (IOException stillListening) {
                stop.join(5);
            }
        }
    }

    private void uninstallLog() {
        if (oversized != null) {
            oversized.uninstall();
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        }
    }
}
