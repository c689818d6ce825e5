package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records built without a file carry exactly the defaults a file without those keys gets. */
class DefaultsTest {
    @TempDir
    Path dir;

    private DaemonConfig parse(String yaml) throws ConfigException {
        return ConfigFolder.parse(dir, "device_id: dev-1\nmodel: {path: m.pt, labels: [a, b]}\n"
                + "outbox: {path: state/outbox.db}\n" + yaml);
    }

    @Test
    void controlOffIsTheControlOfAFileWithoutAControlSection() throws Exception {
        DaemonConfig c = parse("");
        assertThat(ControlConfig.off(c.first().model().path().getParent(), c.outbox().path().getParent())).isEqualTo(c
                .control());
    }

    @Test
    void plainMqttIsTheMqttSectionOfAFileThatNamesOnlyBrokerPrefixAndClient() throws Exception {
        DaemonConfig c = parse("mqtt: {broker: 'tcp://10.0.0.5:1883', topic_prefix: plant, client_id: c-1}\n");
        MqttConfig plain = MqttConfig.plain("tcp://10.0.0.5:1883", "plant", "c-1");
        assertThat(plain).usingRecursiveComparison().ignoringFields("sparkplug").isEqualTo(c.mqtt());
        assertThat(plain.format()).isEqualTo(MqttConfig.JSON);
    }

    @Test
    void telemetryEveryIsATelemetrySectionWithOnlyItsInterval() throws Exception {
        assertThat(TelemetryConfig.every(0.5)).isEqualTo(parse("telemetry: {interval_s: 0.5}\n").telemetry());
        assertThat(TelemetryConfig.DEFAULT_DEGRADED_P99_RATIO).isEqualTo(parse("").telemetry().degradedP99Ratio());
    }

    @Test
    void inaDefaultsAreAnEmptyChipSection() throws Exception {
        for (InaConfig.Chip chip : InaConfig.Chip.values()) {
            assertThat(InaConfig.defaults(chip)).isEqualTo(parse("telemetry: {power: " + chip.key() + "}\n").telemetry()
                    .ina());
        }
    }

    @Test
    void aValueTheReaderRefusesIsRefusedWithItsKey() {
        assertThatThrownBy(() -> MqttConfig.plain("nope://x", "p", "c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mqtt.broker");
    }
}
