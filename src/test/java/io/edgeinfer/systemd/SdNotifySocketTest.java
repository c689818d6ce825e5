package io.edgeinfer.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notify protocol against a real datagram socket the test binds, as systemd would. */
class SdNotifySocketTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void theTestSocketReceivesWhatSystemdsOwnNotifySends() throws Exception {
        Path tool = Path.of("/usr/bin/systemd-notify");
        assumeTrue(Files.isExecutable(tool), "systemd-notify (package systemd) is not installed: the receiver cannot "
                + "be cross-checked against systemd's own sender");
        try (NotifySocketServer server = NotifySocketServer.atPath(dir.resolve("notify"))) {
            ProcessBuilder pb = new ProcessBuilder(tool.toString(), "--no-block", "--status=cross check", "WATCHDOG=1");
            pb.environment().put("NOTIFY_SOCKET", server.name());
            Process p = pb.redirectErrorStream(true).start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(WAIT).until(() -> !server.received().isEmpty());
            assertThat(server.received().get(0)).contains("STATUS=cross check").contains("WATCHDOG=1");
        }
    }

    @Test
    void readyAndStatusArriveAsOneDatagramOnAPathSocket() throws Exception {
        try (NotifySocketServer server = NotifySocketServer.atPath(dir.resolve("notify"));
                ServiceNotifier n = SdNotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", server.name()))) {
            assertThat(n.listening()).isTrue();
            n.notify("READY=1\nSTATUS=model m 1: 3.1 windows/s");
            n.notify("WATCHDOG=1");
            await().atMost(WAIT).until(() -> server.received().size() == 2);
            assertThat(server.received()).containsExactly("READY=1\nSTATUS=model m 1: 3.1 windows/s", "WATCHDOG=1");
        }
    }

    @Test
    void anAbstractSocketNameIsHonoured() throws Exception {
        String name = "edgeinfer-test-" + UUID.randomUUID();
        try (NotifySocketServer server = NotifySocketServer.abstractName(name);
                SdNotifySocket n = new SdNotifySocket("@" + name)) {
            n.notify("STATUS=ümlauts stay UTF-8");
            await().atMost(WAIT).until(() -> server.received().size() == 1);
            assertThat(server.received()).containsExactly("STATUS=ümlauts stay UTF-8");
        }
    }

    @Test
    void aSocketNobodyListensOnIsAnErrorNamingIt() throws Exception {
        Path gone = dir.resolve("nobody-here");
        try (SdNotifySocket n = new SdNotifySocket(gone.toString())) {
            assertThatThrownBy(() -> n.notify("READY=1")).isInstanceOf(NotifyException.class)
                    .hasMessageContaining(gone.toString()).hasMessageContaining("No such file");
        }
    }

    @Test
    void withoutNotifySocketNothingIsSent() throws Exception {
        assertThat(SdNotifySocket.fromEnvironment(Map.of())).isSameAs(ServiceNotifier.NONE);
        assertThat(SdNotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", ""))).isSameAs(ServiceNotifier.NONE);
        assertThat(ServiceNotifier.NONE.listening()).isFalse();
    }

    @Test
    void addressesSystemdWouldNotHandOutAreRefused() {
        assertThatThrownBy(() -> new SdNotifySocket("relative/path")).isInstanceOf(NotifyException.class)
                .hasMessageContaining("absolute path or @abstract");
        assertThatThrownBy(() -> new SdNotifySocket("/" + "x".repeat(120))).isInstanceOf(NotifyException.class)
                .hasMessageContaining("longer than 108 bytes");
    }

    @Test
    void aClosedNotifierRefusesToSend() throws Exception {
        try (NotifySocketServer server = NotifySocketServer.atPath(dir.resolve("notify"))) {
            SdNotifySocket n = new SdNotifySocket(server.name());
            n.notify("WATCHDOG=1");
            n.close();
            n.close();
            assertThatThrownBy(() -> n.notify("WATCHDOG=1")).isInstanceOf(NotifyException.class).hasMessageContaining(
                    "closed");
            await().atMost(WAIT).until(() -> server.received().size() == 1);
        }
    }
}
