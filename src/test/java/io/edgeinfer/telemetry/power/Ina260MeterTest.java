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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real INA260 meter against the register-level simulator behind Pi4J's mock I2C. */
class Ina260MeterTest {
    private final SimulatedBoard board = new SimulatedBoard();
    private Context context;
    private PowerMeter meter;

    @AfterEach
    void close() {
        if (meter != null) {
            meter.close();
            assertThat(context.isShutdown()).isTrue();
        }
    }

    private Ina260Meter open(int address) throws PowerMeterException {
        meter = InaMeters.open(new InaConfig(InaConfig.Chip.INA260, 1, address, null, null), () -> context = board
                .newContext());
        return (Ina260Meter) meter;
    }

    private Ina260Sim chip(int address, double volts, double amps) {
        Ina260Sim chip = new Ina260Sim();
        chip.set(volts, amps);
        board.attachI2c(1, address, chip);
        return chip;
    }

    @Test
    void openChecksTheIdsThenResetsToContinuousConversions() throws Exception {
        Ina260Sim chip = chip(0x45, 5, 1);
        Ina260Meter m = open(0x45);
        assertThat(chip.wordWrites()).containsExactly(new WordWrite(0x00, 0x8000), new WordWrite(0x00, 0x6127));
        assertThat(m.describe()).contains("INA260 at 0x45 on /dev/i2c-1", "1.25 mA");
        assertThat(m.source()).isEqualTo("ina260");
    }

    @Test
    void readsWithTheFixedLsbs() throws Exception {
        chip(0x40, 12.0, 1.5);
        InaReading r = open(0x40).measure();
        assertThat(r.volts()).isCloseTo(12.0, within(0.00125));
        assertThat(r.amps()).isCloseTo(1.5, within(0.00125));
        assertThat(r.watts()).isCloseTo(18.0, within(0.010));
    }

    @Test
    void aNegativeCurrentReadsNegativeAndItsPowerAsAMagnitude() throws Exception {
        chip(0x40, 5.0, -2.0);
        InaReading r = open(0x40).measure();
        assertThat(r.amps()).isCloseTo(-2.0, within(0.00125));
        assertThat(meter.read().watts()).isCloseTo(10.0, within(0.010)).isEqualTo(r.watts());
    }

    @Test
    void powerBeyondTheRegisterOverflowsAndIsAFailedReading() throws Exception {
        chip(0x40, 36.0, 20.0); // 720 W > 655.35 W
        assertThatThrownBy(open(0x40)::read).isInstanceOf(PowerMeterException.class).hasMessageContaining(
                "math overflow (OVF)");
    }

    @Test
    void anIna219AtTheAddressIsRefusedByTheManufacturerId() {
        board.attachI2c(1, 0x40, new Ina219Sim(0.1));
        assertThatThrownBy(() -> open(0x40)).isInstanceOf(PowerMeterException.class)
                .hasMessageContaining("manufacturer ID reads 0x0000, a TI chip reads 0x5449").hasMessageContaining(
                        "not an INA260");
    }
}
