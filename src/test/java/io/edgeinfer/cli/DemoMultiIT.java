package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/demo-multi.yaml through the launcher, as the README tells a user to run it. */
class DemoMultiIT {
    private static final Path DEMO = Path.of("config/demo-multi.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    private Process start(String... args) throws Exception {
        return DemoLaunch.start(dir, args);
    }

    @Test
    void theThreePipelinesPublishOnTheirOwnTopicsFromOneProcess() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/demo-multi-01/#")) {
            // The demo as shipped, pointed at this test's broker, with no fixed metrics port.
            String yaml = DemoLaunch.shipped(DEMO, broker.url())
                    .replace("port: 9464", "port: 0");
            Path cfg = Files.writeString(dir.resolve("demo-multi.yaml"), yaml);
            Process p = start("run", "--config", cfg.toString());
            String base = "edgeinfer/demo-multi-01/pipelines/";
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.on(base + "motor-a/predictions").size() >= 5
                    && probe.on(base + "motor-b/predictions").size() >= 5
                    && probe.on(base + "conveyor/predictions").size() >= 5);
            assertThat(probe.on(base + "conveyor/predictions").get(0).get("model").get("name").asText()).isEqualTo(
                    "parts-cnn");
            assertThat(Files.readString(dir.resolve("err")))
                    .contains("3 pipeline(s) (2 model file(s) loaded)");
            p.destroy();
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
        }
    }
}
