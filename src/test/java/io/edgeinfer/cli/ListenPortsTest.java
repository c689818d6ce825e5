package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ports the daemon listens on, bind-tested before it starts, with real sockets. */
class ListenPortsTest {
    @TempDir
    Path dir;

    private DaemonConfig config(String yaml) throws Exception {
        return new ConfigLoader(Map.of()).parse("device_id: d\nmodel: {path: "
                + Path.of("models/vibration_int8.pt").toAbsolutePath() + "}\n" + yaml, dir);
    }

    private static ServerSocket held() throws Exception {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return s;
    }

    @Test
    void freePortsPass() throws Exception {
        int free;
        try (ServerSocket s = held()) {
            free = s.getLocalPort();
        }
        assertThat(ListenPorts.check(config("metrics: {port: " + free + "}\nmqtt: {embedded: {port: 0}}\n"))).isNull();
        assertThat(ListenPorts.check(config("mqtt: {broker: 'tcp://127.0.0.1:1'}\n"))).as("no listener at all")
                .isNull();
    }

    @Test
    void aMetricsPortHeldByAnotherProcessIsUnavailableNamingKeyAndPort() throws Exception {
        try (ServerSocket s = held()) {
            ListenPorts.Refusal r = ListenPorts.check(config("metrics: {port: " + s.getLocalPort() + "}\n"
                    + "mqtt: {embedded: {port: 0}}\n"));
            assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE).isEqualTo(69);
            assertThat(r.message()).startsWith("metrics.port: 127.0.0.1:" + s.getLocalPort()
                    + " is in use by another process");
        }
    }

    @Test
    void anEmbeddedBrokerPortInUseSaysWhatToDoAboutAnotherBroker() throws Exception {
        try (ServerSocket s = held()) {
            ListenPorts.Refusal r = ListenPorts.check(config("mqtt: {embedded: {port: " + s.getLocalPort() + "}}\n"));
            assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(r.message()).startsWith("mqtt.embedded.port: 127.0.0.1:" + s.getLocalPort() + " is in use")
                    .contains("mosquitto", "mqtt.broker: tcp://127.0.0.1:" + s.getLocalPort(),
                            "another mqtt.embedded.port");
        }
    }

    @Test
    void theDevicePagesPortHeldByAnotherProcessIsUnavailableNamingKeyAndPort() throws Exception {
        try (ServerSocket s = held()) {
            ListenPorts.Refusal r = ListenPorts.check(config("http: {enabled: true, port: " + s.getLocalPort() + "}\n"
                    + "mqtt: {embedded: {port: 0}}\n"));
            assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(r.message()).startsWith("http.port: 127.0.0.1:" + s.getLocalPort()
                    + " is in use by another process")
                    .contains("another http.port");
            assertThat(ListenPorts.check(config("http: {enabled: false, port: " + s.getLocalPort() + "}\n"
                    + "mqtt: {embedded: {port: 0}}\n"))).as("the page off").isNull();
        }
    }

    @Test
    void anAddressThatIsNotOnThisHostIsAConfigError() throws Exception {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never a local address.
        ListenPorts.Refusal r = ListenPorts.check(config("metrics: {host: 192.0.2.1, port: 9464}\n"
                + "mqtt: {embedded: {port: 0}}\n"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.message()).startsWith("metrics.host: cannot listen on 192.0.2.1:9464");
    }
}
