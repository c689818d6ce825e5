package io.edgeinfer.config;

import static io.edgeinfer.config.TelemetryYaml.errors;
import static io.edgeinfer.config.TelemetryYaml.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.InaConfig.Chip;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** {@code telemetry.ina219} and {@code telemetry.ina260}: defaults, the datasheet's limits, and errors naming the key. */
class InaConfigTest {
    @Test
    void theModeAloneGivesTheChipAtItsDefaults() throws Exception {
        TelemetryConfig t = parse("telemetry: {power: ina219}");
        assertThat(t.power()).isEqualTo(PowerMode.INA219);
        assertThat(t.ina()).isEqualTo(new InaConfig(Chip.INA219, 1, 0x40, 0.1, 3.2));
        assertThat(parse("telemetry: {power: ina260}").ina()).isEqualTo(new InaConfig(Chip.INA260, 1, 0x40, null,
                null));
    }

    @Test
    void everyKeyIsRead() throws Exception {
        TelemetryConfig t = parse("""
                telemetry:
                  power: ina219
                  ina219: {bus: 3, address: 0x45, shunt_ohms: 0.01, max_current_a: 10}
                """);
        assertThat(t.ina()).isEqualTo(new InaConfig(Chip.INA219, 3, 0x45, 0.01, 10.0));
        assertThat(parse("telemetry: {power: ina260, ina260: {bus: 0, address: 0x4F}}").ina())
                .isEqualTo(new InaConfig(Chip.INA260, 0, 0x4F, null, null));
    }

    @Test
    void autoTakesTheConfiguredSectionAndNothingWithoutOne() throws Exception {
        assertThat(parse("telemetry: {ina260: {address: 0x41}}").ina()).isEqualTo(new InaConfig(Chip.INA260, 1, 0x41,
                null, null));
        assertThat(parse("").ina()).isNull();
        assertThat(parse("telemetry: {power: rapl}").ina()).isNull();
    }

    @Test
    void theCalibrationFollowsTheDatasheet() {
        assertThat(InaConfig.ina219Calibration(0.1, 3.2)).isEqualTo(4194);
        // Exactly 100 uA per LSB on 0.1 Ohm: 0.04096 / (100e-6 x 0.1) = 4096, not truncated to 4095.
        assertThat(InaConfig.ina219Calibration(0.1, 3.2768)).isEqualTo(4096);
        InaConfig c = new InaConfig(Chip.INA219, 1, 0x40, 0.1, 3.2);
        assertThat(c.currentLsbA()).isCloseTo(3.2 / 32768, Assertions.within(1e-7));
    }

    @Test
    void badValuesAreAllReportedWithTheirKeyPaths() {
        assertThat(errors("""
                telemetry:
                  power: ina219
                  ina219: {bus: -1, address: 0x53, shunt_ohms: 0, max_current_a: 2, gain: 8}
                """)).containsExactlyInAnyOrder(
                "telemetry.ina219.bus: must be between 0 and 255, got -1",
                "telemetry.ina219.address: must be 0x40-0x4F (set by the A0 and A1 pins), got 0x53",
                "telemetry.ina219.shunt_ohms: must be between 1.0E-4 and 100.0, got 0.0",
                "telemetry.ina219.gain: unknown key");
    }

    @Test
    void aCalibrationBeyondSixteenBitsNamesMaxCurrent() {
        assertThat(errors("telemetry: {power: ina219, ina219: {shunt_ohms: 0.1, max_current_a: 0.1}}")).containsExactly(
                "telemetry.ina219.max_current_a: 0.1 A with shunt_ohms 0.1 needs calibration 134216, beyond the 16-bit register"
                        + " (at most 65534): max_current_a x shunt_ohms must be at least 0.02048 V");
    }

    @Test
    void aMaxCurrentTheShuntCannotShowIsRefused() {
        assertThat(errors("telemetry: {power: ina219, ina219: {max_current_a: 5}}")).containsExactly(
                "telemetry.ina219.max_current_a: 5.0 A is more than the INA219 can measure across shunt_ohms 0.1:"
                        + " 0.32 V / 0.1 Ohm = 3.200 A at its widest (320 mV) range");
    }

    @Test
    void theIna260HasNothingToCalibrate() {
        assertThat(errors("telemetry: {power: ina260, ina260: {shunt_ohms: 0.002}}")).containsExactly(
                "telemetry.ina260.shunt_ohms: the INA260 has its shunt built in (2 mOhm, fixed 1.25 mA LSB): nothing to calibrate");
    }

    @Test
    void aSectionThatWouldBeIgnoredIsAnError() {
        assertThat(errors("telemetry: {power: rapl, ina219: {bus: 1}}")).containsExactly(
                "telemetry.ina219: applies to telemetry.power: ina219 or auto, but power is rapl");
        assertThat(errors("telemetry: {power: ina219, ina260: {bus: 1}}")).containsExactly(
                "telemetry.ina260: applies to telemetry.power: ina260 or auto, but power is ina219");
        assertThat(errors("telemetry: {ina219: {bus: 1}, ina260: {bus: 1}}")).containsExactly(
                "telemetry.ina260: configure one I2C power monitor: telemetry.ina219 or telemetry.ina260, not both");
    }

    @Test
    void theEffectiveConfigShowsTheSectionUnderItsChip() throws Exception {
        String yaml = ConfigLoader.render(TelemetryYaml.config("telemetry: {power: ina219}"));
        assertThat(yaml).contains("power: ina219", "ina219:", "shunt_ohms: 0.1", "max_current_a: 3.2", "address: 64")
                .doesNotContain("ina260", "chip", "calibration", "ina:");
    }
}
