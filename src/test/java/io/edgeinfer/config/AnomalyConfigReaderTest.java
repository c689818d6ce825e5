package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeinfer.config.AnomalyConfig.Band;
import io.edgeinfer.config.AnomalyConfig.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyConfigReaderTest {
    @TempDir
    Path base;

    private AnomalyConfig read(String yaml, double rate) throws Exception {
        var node = new ObjectMapper(new YAMLFactory()).readTree(yaml.isBlank() ? "{}" : yaml);
        List<ConfigError> errors = new ArrayList<>();
        AnomalyConfig c = new AnomalyConfigReader(base).read(new Section(node, "anomaly", errors), rate);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return c;
    }

    private List<String> errors(String yaml, double rate) {
        try {
            read(yaml, rate);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected errors for " + yaml);
    }

    @Test
    void defaultsAreOffStatsOneFalseAlarmADayThreeOfFiveAndBandsThatFollowTheRate() throws Exception {
        AnomalyConfig c = read("", 400);
        assertThat(c.enabled()).isFalse();
        assertThat(c.detector()).isEqualTo(AnomalyConfig.Detector.STATS);
        assertThat(c.learnWindows()).isZero();
        assertThat(c.falseAlarmsPerDay()).isEqualTo(1);
        assertThat(c.persistence()).isEqualTo(new AnomalyConfig.Persistence(3, 5));
        assertThat(c.clearAfter()).isEqualTo(10);
        assertThat(c.smoothing()).isEqualTo(0.2);
        assertThat(c.maxComponents()).isEqualTo(4);
        assertThat(c.features().bands()).containsExactly(new Band(0.5, 1.5, Unit.ORDERS), new Band(1.5, 2.5,
                Unit.ORDERS),
                new Band(2.5, 6.5, Unit.ORDERS), new Band(50, 100.0, Unit.HZ), new Band(100, null, Unit.HZ));
        assertThat(c.features().envelope()).isNull();
        assertThat(c.shaft()).isEqualTo(new AnomalyConfig.Shaft(null, 5, 100));
        assertThat(c.severity()).isEqualTo(new AnomalyConfig.Severity(2, AnomalyConfig.Foundation.RIGID, null));
        assertThat(read("", 12_000).features().bands().get(4)).isEqualTo(new Band(3000, null, Unit.HZ));
        assertThat(read("envelope: {tones: [{name: bpfo, order: 3.58}]}", 12_000).features().envelope())
                .isEqualTo(new AnomalyConfig.Envelope(1500, 5700, List.of(new AnomalyConfig.Tone("bpfo", 3.58,
                        Unit.ORDERS)),
                        0.03, 2));
    }

    @Test
    void everyErrorIsReportedAtOnceAndNothingIsClamped() {
        assertThat(errors("""
                detector: autoencoder
                persistence: {k: 6, n: 5}
                learn_windows: 50
                false_alarms_per_day: 0
                smoothing: 1.5
                bands: [{from_hz: 10, to_order: 2}, {from_hz: 150, to_hz: 250}]
                envelope: {tones: [{name: bpfo, order: 3.58, hz: 90}, {name: "a b", order: 2}]}
                shaft: {hz: 25, min_hz: 10}
                severity: {machine_group: 3, zone_boundaries_mm_s: [4.5, 2.8, 1.4]}
                typo: 1
                """, 400)).containsExactlyInAnyOrder(
                "anomaly.model: is required with detector: autoencoder (the TorchScript file edgecompress.autoencoder made)",
                "anomaly.persistence.k: must not exceed persistence.n (5), got 6",
                "anomaly.learn_windows: must be between 100 and 10000000, got 50",
                "anomaly.false_alarms_per_day: must be between 0.001 and 10000.0, got 0.0",
                "anomaly.smoothing: must be between 0.01 and 1.0, got 1.5",
                "anomaly.bands[0].from_hz: give a band either in Hz (from_hz, to_hz) or in orders of the shaft speed"
                        + " (from_order, to_order)",
                "anomaly.bands[1].to_hz: must not exceed the Nyquist frequency (200.0 Hz), got 250.0 (leave it out to run to"
                        + " Nyquist)",
                "anomaly.envelope.tones[0].order: give the tone either as an order of the shaft speed (order) or in Hz (hz)",
                "anomaly.envelope.tones[1].name: must be 1-32 letters, digits or '_' (it names a feature), got 'a b'",
                "anomaly.shaft.hz: a known speed is not estimated: leave out min_hz and max_hz",
                "anomaly.severity.machine_group: must be between 1 and 2, got 3",
                "anomaly.severity.zone_boundaries_mm_s: must be three increasing positive numbers (A/B, B/C, C/D in mm/s),"
                        + " got [4.5, 2.8, 1.4]",
                "anomaly.typo: unknown key");
    }

    @Test
    void theAutoencoderNeedsItsFileAndOnlyIt() throws Exception {
        assertThat(errors("model: ae.pt", 400)).containsExactly("anomaly.model: applies to detector: autoencoder only");
        assertThat(errors("{detector: autoencoder, model: gone.pt}", 400).get(0)).startsWith(
                "anomaly.model: no such file");
        Files.writeString(base.resolve("ae.pt"), "x");
        assertThat(read("{detector: autoencoder, model: ae.pt}", 400).model()).isEqualTo(base.resolve("ae.pt"));
    }

    @Test
    void scenarioStepsMayCarrySpeedLoadAndARampingFaultLevel() throws Exception {
        Path f = base.resolve("s.yaml");
        Files.writeString(f, """
                scenario:
                  - {state: normal, duration_s: 60, shaft_hz: 35, load: 1.5}
                  - {state: bearing_fault, duration_s: 600, fault_level: 0, fault_level_to: 1}
                """);
        var steps = SectionFile.read(f, (root, dir) -> ScenarioReader.read(root, "scenario"));
        assertThat(steps.get(0)).isEqualTo(new SimulatedVibrationConfig.ScenarioStep(MachineState.NORMAL, 60, 35.0, 1.5,
                1,
                null));
        assertThat(steps.get(1).levelAt(0)).isZero();
        assertThat(steps.get(1).levelAt(0.25)).isEqualTo(0.25);
        Files.writeString(f, "scenario: [{state: normal, duration_s: 60, fault_level: 0.5, load: 0}]");
        assertThatThrownBy(() -> SectionFile.read(f, (root, dir) -> ScenarioReader.read(root, "scenario")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scenario[0].fault_level: applies to a fault state")
                .hasMessageContaining("scenario[0].load: must be between 0.1 and 10.0, got 0.0");
    }
}
