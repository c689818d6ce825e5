package io.edgeinfer.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import io.edgeinfer.hardware.DeviceException;
import io.edgeinfer.hardware.I2cRegisters;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The INA simulators' register arithmetic, driven through raw 16-bit register transactions. */
class InaSimTest {
    private final SimulatedBoard board = new SimulatedBoard();
    private final Context context = board.newContext();
    private I2cRegisters regs;

    @AfterEach
    void close() {
        if (regs != null) {
            regs.close();
        }
        context.shutdown();
    }

    private I2cRegisters open(WordChip chip) throws DeviceException {
        board.attachI2c(1, 0x40, chip);
        regs = I2cRegisters.open(context, "ina", 1, 0x40);
        return regs;
    }

    private int word(int register) throws DeviceException {
        byte[] b = new byte[2];
        regs.read(register, b, 2);
        return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    }

    private void write(int register, int value) throws DeviceException {
        regs.write(register, new byte[]{(byte) (value >> 8), (byte) value}, 2);
    }

    private void awaitConversion(int register, int flag) {
        await().atMost(Duration.ofSeconds(5)).until(() -> (word(register) & flag) != 0);
    }

    @Test
    void ina219WithoutCalibrationReadsShuntAndBusButNoCurrentOrPower() throws Exception {
        Ina219Sim chip = new Ina219Sim(0.1);
        chip.set(5.0, 1.0);
        open(chip);
        awaitConversion(0x02, 0x02);
        assertThat(word(0x00)).isEqualTo(0x399F);
        assertThat(word(0x01)).as("100 mV in 10 uV steps").isEqualTo(10_000);
        assertThat(word(0x02) >> 3).as("5 V in 4 mV steps").isEqualTo(1250);
        assertThat(word(0x04)).isZero();
        assertThat(word(0x03)).isZero();
    }

    @Test
    void ina219ComputesCurrentAndPowerFromShuntAndCalibrationAsTheDatasheetSays() throws Exception {
        Ina219Sim chip = new Ina219Sim(0.1);
        chip.set(12.0, -0.25);
        open(chip);
        write(0x05, 4097); // bit 0 is void
        assertThat(word(0x05)).isEqualTo(4096);
        // One triggered shunt-and-bus conversion that uses the calibration: in the continuous modes a
        // later conversion could set CNVR again between reading power and reading the bus register.
        write(0x00, 0x399B);
        awaitConversion(0x02, 0x02);
        // Shunt -2500 x 10 uV; current = -2500 x 4096 / 4096; power = 2500 x 3000 / 5000.
        assertThat((short) word(0x01)).isEqualTo((short) -2500);
        assertThat((short) word(0x04)).isEqualTo((short) -2500);
        assertThat(word(0x03)).isEqualTo(1500);
        assertThat(word(0x02) & 0x02).as("reading power cleared CNVR").isZero();
        assertThat(word(0x02) & 0x01).as("no overflow").isZero();
    }

    @Test
    void ina219ClipsTheShuntAtItsPgaRangeAndFlagsOverflow() throws Exception {
        Ina219Sim chip = new Ina219Sim(0.1);
        chip.set(5.0, 4.0); // 400 mV across the shunt: beyond +-320 mV
        open(chip);
        write(0x05, 20480);
        write(0x00, 0x399F);
        awaitConversion(0x02, 0x02);
        assertThat(word(0x01)).isEqualTo(32_000);
        assertThat(word(0x02) & 0x01).as("32000 x 20480 / 4096 leaves 16 bits: OVF").isEqualTo(1);
        write(0x00, 0x8000);
        assertThat(word(0x05)).as("reset clears the calibration").isZero();
    }

    @Test
    void ina260HasItsIdsAndFixedLsbs() throws Exception {
        Ina260Sim chip = new Ina260Sim();
        chip.set(5.0, 2.0);
        open(chip);
        assertThat(word(0xFE)).isEqualTo(0x5449);
        assertThat(word(0xFF)).isEqualTo(0x2270);
        // One triggered conversion (mode 011): in continuous mode the next one could set CVRF again
        // between the two reads on a busy machine.
        write(0x00, 0x6123);
        awaitConversion(0x06, 0x08);
        assertThat(word(0x06) & 0x08).as("reading Mask/Enable cleared CVRF").isZero();
        assertThat(word(0x01)).isEqualTo(1600);
        assertThat(word(0x02)).isEqualTo(4000);
        assertThat(word(0x03)).as("1600 x 4000 / 6400 = 1000 x 10 mW").isEqualTo(1000);
        write(0x00, 0x0127);
        assertThat(word(0x00)).as("bits 14-12 read 110").isEqualTo(0x6127);
    }
}
