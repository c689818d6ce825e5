package io.edgeinfer.config;

import static io.edgeinfer.config.TelemetryYaml.errors;
import static io.edgeinfer.config.TelemetryYaml.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.TelemetryConfig.PowerMode;
import org.junit.jupiter.api.Test;

/** The {@code telemetry} section: defaults, checks, and every error reported at once. */
class TelemetryConfigTest {
    @Test
    void defaultsAreAutoPowerSampledEverySecondAndNoBaseline() throws Exception {
        TelemetryConfig t = parse("");
        assertThat(t.intervalS()).isEqualTo(10);
        assertThat(t.sampleIntervalS()).isEqualTo(1);
        assertThat(t.power()).isEqualTo(PowerMode.AUTO);
        assertThat(t.idleW()).isNull();
        assertThat(t.fullW()).isNull();
        assertThat(t.hwmonName()).isNull();
        assertThat(t.degradedP99Ratio()).isEqualTo(1.5);
        assertThat(t).isEqualTo(new TelemetryConfig(10, 1, PowerMode.AUTO, null, null, null, 1.5));
    }

    @Test
    void aShortIntervalSamplesAsOftenAsItReports() throws Exception {
        assertThat(parse("telemetry: {interval_s: 0.5}").sampleIntervalS()).isEqualTo(0.5);
    }

    @Test
    void aBareOffThatYamlReadsAsFalseMeansOff() throws Exception {
        assertThat(parse("telemetry: {power: off}").power()).isEqualTo(PowerMode.OFF);
        assertThat(parse("telemetry: {power: \"off\"}").power()).isEqualTo(PowerMode.OFF);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        TelemetryConfig t = parse("""
                telemetry:
                  interval_s: 5
                  sample_interval_s: 0.25
                  power: estimate
                  idle_w: 2.7
                  full_w: 6.4
                  hwmon_name: ina219
                  degraded_p99_ratio: 2
                """);
        assertThat(t).isEqualTo(new TelemetryConfig(5, 0.25, PowerMode.ESTIMATE, 2.7, 6.4, "ina219", 2));
    }

    @Test
    void badValuesAreAllReportedWithTheirKeyPaths() {
        assertThat(errors("""
                telemetry:
                  interval_s: 2
                  sample_interval_s: 3
                  power: ina226
                  full_w: 6
                  degraded_p99_ratio: 1
                  samples: 4
                """)).containsExactlyInAnyOrder(
                "telemetry.sample_interval_s: must not exceed telemetry.interval_s (2.0), got 3.0",
                "telemetry.power: must be one of [auto, estimate, hwmon, ina219, ina260, off, pmic, rapl], got 'ina226'",
                "telemetry.full_w: needs telemetry.idle_w too: the estimate runs from idle to full load",
                "telemetry.degraded_p99_ratio: must be between 1.05 and 100.0, got 1.0",
                "telemetry.samples: unknown key");
        assertThat(errors("telemetry: {idle_w: 5, full_w: 4}")).containsExactly(
                "telemetry.full_w: must be greater than telemetry.idle_w (5.0), got 4.0");
        assertThat(errors("telemetry: {idle_w: -1, hwmon_name: ' '}")).containsExactlyInAnyOrder(
                "telemetry.idle_w: must be between 0.001 and 10000.0, got -1.0",
                "telemetry.hwmon_name: must not be blank");
    }

    @Test
    void theEffectiveConfigRendersThePowerModeAsItsKey() throws Exception {
        String yaml = ConfigLoader.render(TelemetryYaml.config("telemetry: {power: rapl}"));
        assertThat(yaml).contains("power: rapl", "sample_interval_s: 1.0", "degraded_p99_ratio: 1.5");
    }
}
