package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/demo-camera.yaml through the launcher, as the README tells a user to run it. */
class DemoCameraIT {
    private static final Path DEMO = Path.of("config/demo-camera.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    private Process start(String... args) throws Exception {
        return DemoLaunch.start(dir, args);
    }

    @Test
    void theDemoConfigChecksOutWithItsModel() throws Exception {
        Process p = start("check-config", DEMO.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
        assertThat(Files.readString(dir.resolve("err"))).contains("model OK: parts-cnn");
        assertThat(Files.readString(dir.resolve("out"))).contains("type: camera", "width: 64");
    }

    @Test
    void theDemoClassifiesTheRecordedPartsAndStopsCleanly() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/demo-cam-01/#")) {
            // The demo as shipped, pointed at this test's broker instead of 127.0.0.1:1883.
            String yaml = DemoLaunch.shipped(DEMO, broker.url());
            Path cfg = Files.writeString(dir.resolve("demo-camera.yaml"), yaml);
            Process p = start("run", "--config", cfg.toString());
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.on("edgeinfer/demo-cam-01/predictions")
                    .size() >= 20);
            List<String> labels = probe.on("edgeinfer/demo-cam-01/predictions").stream().limit(20)
                    .map(j -> j.get("label").asText()).toList();
            assertThat(labels).containsAll(List.of("empty", "hex_nut", "square_plate", "triangle_bracket", "washer"));
            p.destroy();
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
        }
    }
}
