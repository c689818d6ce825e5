package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** TLS (with client certificates) and password login against a real mosquitto. */
class SecurityIT {
    /** Where the Paho publisher logs (its connection supervisor says why a connect failed). */
    private static final String PAHO = "io.edgeinfer.mqtt.paho";

    @TempDir
    Path dir;

    private Mosquitto broker;
    private int tlsPort;
    private int authPort;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", args, out).isZero();
    }

    /** A CA, and a certificate signed by it for {@code cn} with subjectAltName {@code san}. */
    private void issue(String ca, String name, String cn, String san) throws Exception {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN="
                + cn);
        Files.writeString(dir.resolve(name + ".ext"), san == null
                ? "basicConstraints=CA:FALSE\n"
                : "subjectAltName=" + san + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    @BeforeEach
    void brokerWithTlsAndPasswordListeners() throws Exception {
        Mosquitto.assumeInstalled();
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=edgeinfer test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt",
                "-days", "2", "-subj", "/CN=someone else");
        issue("ca", "server", "localhost", "DNS:localhost");
        issue("ca", "client", "edgeinfer-device", null);
        Process pw = new ProcessBuilder("mosquitto_passwd", "-b", "-c", dir.resolve("passwd").toString(), "device",
                "s3cret")
                .redirectErrorStream(true).start();
        assertThat(pw.waitFor(30, TimeUnit.SECONDS)).isTrue();
        tlsPort = Mosquitto.freePort();
        authPort = Mosquitto.freePort();
        broker = new Mosquitto(dir.resolve("mosquitto"), Mosquitto.freePort(), String.join("\n",
                "listener " + tlsPort + " 127.0.0.1",
                "allow_anonymous true",
                "cafile " + dir.resolve("ca.crt"),
                "certfile " + dir.resolve("server.crt"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "listener " + authPort + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + dir.resolve("passwd"))).start();
        Logger sender = (Logger) LoggerFactory.getLogger(PAHO);
        log.start();
        sender.addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(PAHO)).detachAppender(log);
        if (broker != null) {
            broker.close();
        }
    }

    private Daemon daemon(String device, String broker, String extra) throws Exception {
        return Daemon.start(TestConfigs.parse(TestConfigs.fastYaml(broker, device, dir.resolve(device + ".db")
                .toString(), extra)),
                Clock.systemUTC());
    }

    private boolean logged(String... parts) {
        // Logback appends under the appender's lock while the sender's threads log: copy under it too.
        List<ILoggingEvent> events;
        synchronized (log) {
            events = List.copyOf(log.list);
        }
        return events.stream().map(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> Arrays.stream(parts).allMatch(m::contains));
    }

    @Test
    void mutualTlsDeliversPredictions() throws Exception {
        try (MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/tls-ok/predictions")) {
            Daemon d = daemon("tls-ok", "ssl://localhost:" + tlsPort, """
                    tls:
                      ca_file: %s
                      cert_file: %s
                      key_file: %s
                    """.formatted(dir.resolve("ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key")));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.all().size() >= 20);
            } finally {
                d.close();
            }
        }
    }

    @Test
    void anUntrustedBrokerCertificateIsRefusedWithAClearLogLine() throws Exception {
        Daemon d = daemon("tls-bad-ca", "ssl://localhost:" + tlsPort, """
                tls: {ca_file: %s, cert_file: %s, key_file: %s}
                """.formatted(dir.resolve("other-ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key")));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> logged("MQTT connect to ssl://localhost:" + tlsPort
                    + " failed", "certification path"));
            assertThat(d.sender().isConnected()).isFalse();
        } finally {
            d.close();
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefusedUnlessVerificationIsOff() throws Exception {
        String tls = "tls: {ca_file: %s, cert_file: %s, key_file: %s%s}".formatted(
                dir.resolve("ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key"), "%s");
        Daemon strict = daemon("tls-name", "ssl://127.0.0.1:" + tlsPort, tls.formatted(""));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> logged("MQTT connect to ssl://127.0.0.1:" + tlsPort
                    + " failed"));
            assertThat(strict.sender().isConnected()).isFalse();
        } finally {
            strict.close();
        }
        Daemon lax = daemon("tls-lax", "ssl://127.0.0.1:" + tlsPort, tls.formatted(", verify_hostname: false"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> lax.sender().isConnected());
        } finally {
            lax.close();
        }
    }

    @Test
    void passwordFromAFileLogsInAndAWrongOneIsRefused() throws Exception {
        Files.writeString(dir.resolve("good.pw"), "s3cret\n");
        Files.writeString(dir.resolve("bad.pw"), "guess\n");
        Daemon good = daemon("pw-ok", "tcp://127.0.0.1:" + authPort, "auth: {username: device, password_file: %s}"
                .formatted(dir.resolve("good.pw")));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> good.sender().isConnected());
        } finally {
            good.close();
        }
        Daemon bad = daemon("pw-bad", "tcp://127.0.0.1:" + authPort, "auth: {username: device, password_file: %s}"
                .formatted(dir.resolve("bad.pw")));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> logged("MQTT connect to tcp://127.0.0.1:" + authPort
                    + " failed", "authori"));
            assertThat(bad.sender().isConnected()).isFalse();
            assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage)).noneMatch(m -> m.contains("guess"));
        } finally {
            bad.close();
        }
    }
}
