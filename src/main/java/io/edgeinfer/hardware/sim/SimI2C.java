package io.edgeinfer.hardware.sim;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;

/**
 * Pi4J's mock I2C with a register-level chip behind it instead of a FIFO per register: reads do
 * not consume, bursts auto-increment, and a missing or failing chip makes the transaction throw as
 * the linuxfs provider does on a board (a NACK is "Remote I/O error").
 */
final class SimI2C extends MockI2C {
    private final I2cChip chip;

    SimI2C(I2CProvider provider, I2CConfig config, I2cChip chip) {
        super(provider, config);
        this.chip = chip;
    }

    private I2cChip chip() {
        if (chip == null || (chip instanceof RegisterChip r && !r.present())) {
            throw new Pi4JException("I2C transaction to " + String.format("0x%02X", config.device()) + " on bus "
                    + config.bus() + " failed: Remote I/O error (no acknowledge)");
        }
        if (!chip.answers()) {
            throw new Pi4JException("I2C transaction on bus " + config.bus() + " failed: Input/output error");
        }
        return chip;
    }

    @Override
    public int readRegister(int register) {
        byte[] b = new byte[1];
        chip().read(register, b, 0, 1);
        return b[0] & 0xFF;
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        chip().read(register, buffer, offset, length);
        return length;
    }

    @Override
    public int writeRegister(int register, byte b) {
        chip().write(register, new byte[]{b}, 0, 1);
        return 1;
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        chip().write(register, data, offset, length);
        return length;
    }
}
