package io.edgeinfer.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An in-process Moquette broker (MQTT 3.1.1) for the demo and tests. Always bound to the configured
 * host (loopback by default) and with Moquette's telemetry off: by default it binds every interface
 * and calls outside hosts.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final Server server = new Server();
    private final String host;
    private final int port;
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
        this(host, port, null);
    }

    /**
     * @param dataDir keep sessions and queued messages there across restarts (needs h2-mvstore on
     *     the classpath, which only the tests carry); null keeps everything in memory
     */
    public EmbeddedBroker(String host, int port, java.nio.file.Path dataDir) throws IOException {
        this.host = host;
        this.port = port == 0 ? freePort(host) : port;
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
        // Default 8 KiB is too small for model transfers and status documents.
        p.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
        try {
            server.startServer(new MemoryConfig(p));
        } catch (RuntimeException e) {
            // Moquette reports a busy port as a bare RuntimeException.
            server.stopServer();
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
    public void onPublish(java.util.function.BiConsumer<String, byte[]> listener) {
        server.addInterceptHandler(new io.moquette.interception.AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "edgeinfer-listener";
            }

            @Override
            public void onPublish(io.moquette.interception.messages.InterceptPublishMessage msg) {
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
    public synchronized void close() {
        if (running) {
            running = false;
            server.stopServer();
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
