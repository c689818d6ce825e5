package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.HttpConfig;
import io.edgeinfer.config.MetricsConfig;
import io.edgeinfer.config.MqttConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The TCP ports the daemon listens on (the embedded broker, the metrics endpoint, the device page), bind-tested before
 * anything starts: a busy port found by the component itself comes after the broker, outbox and
 * inference loop have started, as a bare "Address already in use".
 *
 * <p>A port another process holds may free up (an old instance still stopping, a broker stopped by
 * hand), so it is {@link ExitCodes#UNAVAILABLE}, which the systemd unit restarts (and gives up on
 * after its start limit). A port that can never be bound here (an address this host does not have,
 * a privileged port) is a config error, {@link ExitCodes#CONFIG}, which it does not restart.
 */
final class ListenPorts {
    private static final int PROBE_TIMEOUT_MS = 500;

    /** Why the daemon cannot start, and the exit code for the service manager. */
    record Refusal(int exitCode, String message) {
    }

    private ListenPorts() {
    }

    /** The first listener that cannot bind, or null when all can. */
    static Refusal check(DaemonConfig config) {
        MqttConfig mqtt = config.mqtt();
        // Port 0 picks a free port when it binds: nothing to check.
        if (mqtt.usesEmbeddedBroker() && mqtt.embedded().port() != 0) {
            String host = mqtt.embedded().host();
            int port = mqtt.embedded().port();
            Refusal r = bind("mqtt.embedded", host, port,
                    "probably an MQTT broker (installing Debian's mosquitto package "
                            + "starts one on 1883: systemctl status mosquitto). Stop it, use it instead (mqtt.broker: tcp://"
                            + clientHost(host) + ":" + port + "), or choose another mqtt.embedded.port");
            if (r != null) {
                return r;
            }
        }
        MetricsConfig metrics = config.metrics();
        if (metrics.enabled()) {
            Refusal r = bind("metrics", metrics.host(), metrics.port(),
                    "another edgeinfer, or another exporter? Stop it or choose another metrics.port");
            if (r != null) {
                return r;
            }
        }
        HttpConfig http = config.http();
        return http.enabled() && http.port() != 0
                ? bind("http", http.host(), http.port(),
                        "another edgeinfer's device page, or another web server? Stop it or choose another http.port")
                : null;
    }

    private static Refusal bind(String section, String host, int port, String whatToDo) {
        InetSocketAddress at = new InetSocketAddress(host, port);
        String where = host + ":" + port;
        if (at.isUnresolved()) {
            return new Refusal(ExitCodes.CONFIG, section + ".host: cannot listen on " + where + ": unknown host");
        }
        try {
            tryBind(at);
            return null;
        } catch (IOException e) {
            if (answers(new InetSocketAddress(clientHost(host), port))) {
                return new Refusal(ExitCodes.UNAVAILABLE, section + ".port: " + where
                        + " is in use by another process, "
                        + whatToDo);
            }
            // Not held by a listener: either the address is not this host's, or the port is not ours
            // to take (below 1024 without the capability). Another port on the same address tells which.
            String key = canBind(new InetSocketAddress(at.getAddress(), 0)) ? ".port" : ".host";
            return new Refusal(ExitCodes.CONFIG, section + key + ": cannot listen on " + where + ": " + e.getMessage());
        }
    }

    private static void tryBind(InetSocketAddress at) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            // As the listeners bind: a port whose previous owner just stopped counts as free.
            s.setReuseAddress(true);
            s.bind(at);
        }
    }

    private static boolean canBind(InetSocketAddress at) {
        try {
            tryBind(at);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(InetSocketAddress at) {
        try (Socket s = new Socket()) {
            s.connect(at, PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where a client on this host reaches a listener bound to {@code host}. */
    private static String clientHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
    }
}
