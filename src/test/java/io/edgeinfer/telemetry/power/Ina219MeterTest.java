package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import io.edgeinfer.config.InaConfig;
import io.edgeinfer.hardware.sim.Ina219Sim;
import io.edgeinfer.hardware.sim.Ina260Sim;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.hardware.sim.WordChip.WordWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real INA219 meter against the register-level simulator behind Pi4J's mock I2C. */
class Ina219MeterTest {
    private final SimulatedBoard board = new SimulatedBoard();
    private final List<Context> contexts = new ArrayList<>();
    private PowerMeter meter;

    @AfterEach
    void close() {
        if (meter != null) {
            meter.close();
        }
        contexts.forEach(c -> assertThat(c.isShutdown()).as("the meter closes its context").isTrue());
    }

    private Context context() {
        Context c = board.newContext();
        contexts.add(c);
        return c;
    }

    private Ina219Meter open(double shuntOhms, double maxCurrentA) throws PowerMeterException {
        meter = InaMeters.open(new InaConfig(InaConfig.Chip.INA219, 1, 0x40, shuntOhms, maxCurrentA), this::context);
        return (Ina219Meter) meter;
    }

    private Ina219Sim chip(double shuntOhms, double volts, double amps) {
        Ina219Sim chip = new Ina219Sim(shuntOhms);
        chip.set(volts, amps);
        board.attachI2c(1, 0x40, chip);
        return chip;
    }

    @Test
    void openResetsChecksConfiguresAndWritesTheDatasheetCalibration() throws Exception {
        Ina219Sim chip = chip(0.1, 5, 0.5);
        Ina219Meter m = open(0.1, 3.2);
        // Cal = trunc(0.04096 / (3.2 / 32768 x 0.1)) = trunc(4194.3) = 4194 = 0x1062. Config 0x399F:
        // 32 V, PGA /8, 12-bit shunt and bus, continuous.
        assertThat(chip.wordWrites()).containsExactly(new WordWrite(0x00, 0x8000), new WordWrite(0x00, 0x399F),
                new WordWrite(0x05, 0x1062));
        assertThat(m.describe()).contains("INA219 at 0x40 on /dev/i2c-1", "calibration 4194", "97.66 uA", "1.953 mW");
        assertThat(m.source()).isEqualTo("ina219");
    }

    @Test
    void anOddCalibrationIsWrittenEvenBecauseTheChipIgnoresBitZero() throws Exception {
        // 0.04096 x 32768 / (2.0 x 0.1) = 6710.9 -> 6710; 0.04096 x 32768 / (1.5 x 0.1) = 8947.8 -> 8947 -> 8946.
        Ina219Sim chip = chip(0.1, 5, 0.5);
        open(0.1, 1.5);
        assertThat(chip.wordWrites()).contains(new WordWrite(0x05, 8946));
    }

    @Test
    void readsBusVoltageCurrentAndPowerWithinOneLsb() throws Exception {
        chip(0.1, 5.1, 0.8);
        Ina219Meter m = open(0.1, 3.2);
        InaReading r = m.measure();
        double currentLsb = 0.04096 / (4194 * 0.1);
        assertThat(r.volts()).isCloseTo(5.1, within(0.004));
        assertThat(r.amps()).isCloseTo(0.8, within(currentLsb));
        assertThat(r.watts()).isCloseTo(5.1 * 0.8, within(20 * currentLsb));
        assertThat(m.read().watts()).isEqualTo(r.watts());
    }

    @Test
    void aSmallerMaxCurrentGivesAFinerCurrentLsb() throws Exception {
        chip(0.1, 12, 0.0123);
        Ina219Meter m = open(0.1, 0.4);
        double currentLsb = 0.04096 / (InaConfig.ina219Calibration(0.1, 0.4) * 0.1);
        assertThat(currentLsb).isLessThan(13e-6);
        // The shunt ADC's 10 uV over 0.1 Ohm (100 uA) is the coarser step here.
        assertThat(m.measure().amps()).isCloseTo(0.0123, within(100e-6));
    }

    @Test
    void aNegativeCurrentReadsNegativeAndItsPowerAsAMagnitude() throws Exception {
        chip(0.1, 5.0, -0.5);
        InaReading r = open(0.1, 3.2).measure();
        assertThat(r.amps()).isCloseTo(-0.5, within(1e-4));
        assertThat(r.watts()).isCloseTo(2.5, within(2e-3));
    }

    @Test
    void aCurrentBeyondMaxCurrentOverflowsAndIsAFailedReadingNotANumber() throws Exception {
        Ina219Sim chip = chip(0.1, 5.0, 3.0);
        Ina219Meter m = open(0.1, 1.0);
        assertThatThrownBy(m::read).isInstanceOf(PowerMeterException.class)
                .hasMessageContaining("math overflow (OVF)").hasMessageContaining("telemetry.ina219.max_current_a");
        chip.set(5.0, 0.9);
        awaitConversion(m, 0.9);
    }

    @Test
    void aChipThatLostPowerIsCalibratedAgainAndOneReadingIsSkipped() throws Exception {
        Ina219Sim chip = chip(0.1, 5.0, 1.0);
        Ina219Meter m = open(0.1, 3.2);
        chip.setPresent(false);
        assertThatThrownBy(m::read).isInstanceOf(PowerMeterException.class).hasMessageContaining("Remote I/O error");
        chip.setPresent(true); // back from reset: calibration 0, current and power read 0
        assertThatThrownBy(m::read).hasMessageContaining("calibration register read 0x0000").hasMessageContaining(
                "calibrated again");
        assertThat(m.measure().amps()).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void anIna260AtTheAddressIsRefusedByItsConfigurationResetValue() {
        board.attachI2c(1, 0x40, new Ina260Sim());
        assertThatThrownBy(() -> open(0.1, 3.2)).isInstanceOf(PowerMeterException.class)
                .hasMessageContaining("reads 0x6127 after a reset, an INA219 reads 0x399F").hasMessageContaining(
                        "not an INA219");
    }

    @Test
    void nothingAtTheAddressSaysWhichDeviceDidNotAnswer() {
        assertThatThrownBy(() -> open(0.1, 3.2)).isInstanceOf(PowerMeterException.class)
                .hasMessageContaining("INA219 at 0x40 on /dev/i2c-1").hasMessageContaining("no acknowledge");
    }

    /** Readings right after a change may still come from the conversion before it (532 us x 2). */
    static void awaitConversion(Ina219Meter m, double amps) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .untilAsserted(() -> assertThat(m.measure().amps()).isCloseTo(amps, within(1e-3)));
    }
}
