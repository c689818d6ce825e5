package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.hardware.sim.Ina219Sim;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.telemetry.TelemetrySchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon with an INA219 in the board's supply: the simulated chip behind Pi4J's mock I2C, read by
 * the real meter on the telemetry thread, published through a real broker.
 */
class InaTelemetryIT {
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    private final SimulatedBoard board = new SimulatedBoard();

    private DaemonConfig config(String device, String telemetry) throws ConfigException {
        String yaml = TestConfigs.yaml(live.url(), device).replace("telemetry: {interval_s: 1}\n", telemetry);
        return new ConfigLoader(Map.of()).parse(yaml, Path.of("").toAbsolutePath());
    }

    @Test
    void theIna219sPowerIsPublishedAsPowerWWithItsSource() throws Exception {
        Ina219Sim chip = new Ina219Sim(0.05);
        chip.set(5.1, 0.8);
        board.attachI2c(1, 0x41, chip);
        DaemonConfig config = config("ina-1", """
                telemetry:
                  interval_s: 1
                  sample_interval_s: 0.25
                  power: ina219
                  ina219: {address: 0x41, shunt_ohms: 0.05, max_current_a: 2}
                """);
        String topic = "edgeinfer/ina-1/telemetry";
        Daemon daemon = Daemon.start(config, Clock.systemUTC(), board::newContext);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> live.probe().on(topic).size() >= 3);
        } finally {
            daemon.close();
        }
        TelemetrySchema schema = new TelemetrySchema();
        List<JsonNode> all = live.probe().on(topic);
        all.forEach(t -> assertThat(schema.violations(t)).as("schema violations of %s", t).isEmpty());
        JsonNode t = all.get(2);
        assertThat(t.get("power_source").asText()).isEqualTo("ina219");
        assertThat(t.get("power_w").asDouble()).as("5.1 V x 0.8 A").isCloseTo(4.08, within(0.01));
        assertThat(t.get("energy_mj_per_inference").isNumber()).isTrue();
    }

    @Test
    void anExplicitIna219ThatIsNotThereStopsTheStartWithAConfigError() throws Exception {
        DaemonConfig config = config("ina-2", "telemetry: {interval_s: 1, power: ina219}\n");
        assertThatThrownBy(() -> Daemon.start(config, Clock.systemUTC(), board::newContext)).isInstanceOf(
                ConfigException.class)
                .hasMessageContaining("telemetry.power").hasMessageContaining("INA219 at 0x40 on /dev/i2c-1");
    }
}
