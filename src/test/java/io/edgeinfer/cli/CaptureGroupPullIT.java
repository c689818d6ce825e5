package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.capture.CaptureItem;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.mqtt.LiveBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capture pull --group}: against a real broker with three capturing daemons, two of them in
 * group {@code line-a}, one pull brings each member's items into its own folder and leaves the
 * third alone; a group no device is in is an error naming where it looked.
 */
class CaptureGroupPullIT {
    @TempDir
    Path dir;
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    @RegisterExtension
    final Console console = new Console();
    private final List<Daemon> daemons = new ArrayList<>();

    @AfterEach
    void tearDown() {
        daemons.forEach(Daemon::close);
    }

    private Daemon start(String device, String group) throws Exception {
        String yaml = """
                device_id: %s
                model: {path: %s}
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 256, hop: 128}
                capture: {enabled: true, sample_rate: 1, rate_per_min: {sample: 6000}}
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                control: {allow_unsigned: true}
                fleet: {groups: [%s]}
                """.formatted(device, Path.of("models/vibration_int8.pt").toAbsolutePath(), live.url(), dir.resolve(
                device + "-outbox.db"), group);
        Path file = Files.writeString(dir.resolve(device + ".yaml"), yaml);
        Daemon d = Daemon.start(new ConfigLoader(Map.of("PATH", "/usr/bin:/bin")).load(file), Clock.systemUTC(),
                file);
        daemons.add(d);
        return d;
    }

    @Test
    void aGroupPullBringsEachMembersItemsIntoItsOwnFolderAndNoOneElses() throws Exception {
        Daemon a = start("press-a", "line-a");
        Daemon b = start("press-b", "line-a");
        start("pump-c", "pumps");
        for (Daemon d : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(40)).until(() -> d.capture("main").stats().figures().items() >= 3);
        }
        Path home = dir.resolve("home");
        int exit = Main.execute("capture", "pull", "--broker", live.url(), "--group", "line-a", "--out", home
                .toString(), "--timeout", "20");
        assertThat(exit).as(console.err()).isZero();

        try (Stream<Path> devices = Files.list(home)) {
            assertThat(devices.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("press-a", "press-b");
        }
        for (String device : List.of("press-a", "press-b")) {
            List<Path> items;
            try (Stream<Path> files = Files.list(home.resolve(device).resolve("main"))) {
                items = files.toList();
            }
            assertThat(items).as(device).hasSizeGreaterThanOrEqualTo(3);
            for (Path f : items) {
                String id = f.getFileName().toString().replace(".json", "");
                assertThat(CaptureItem.read(Files.readAllBytes(f), id).deviceId()).isEqualTo(device);
            }
        }
        assertThat(console.out()).contains("-> " + home.resolve("press-a").resolve("main"), "-> " + home.resolve(
                "press-b").resolve("main"));
    }

    @Test
    void aGroupNoDeviceIsInIsAnErrorNamingWhereItLooked() throws Exception {
        start("press-a", "line-a");
        int exit = Main.execute("capture", "pull", "--broker", live.url(), "--group", "line-z", "--out", dir.resolve(
                "home").toString(), "--timeout", "3");
        assertThat(exit).isEqualTo(1);
        assertThat(console.err()).contains("group line-z: no device reports on edgeinfer/_fleet/line-z/report/+");
        assertThat(dir.resolve("home")).doesNotExist();
    }
}
