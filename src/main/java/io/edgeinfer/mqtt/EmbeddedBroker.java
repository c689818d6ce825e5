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

    /** Starts a broker; port 0 picks a free port. */
    public EmbeddedBroker(String host, int port) throws IOException {
        this.host = host;
        this.port = port == 0 ? freePort(host) : port;
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(this.port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "false");
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
