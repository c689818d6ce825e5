package io.edgeinfer.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import java.util.Locale;

/**
 * Registers of a chip on SPI with the common register framing (ADXL345 datasheet, "SPI"): the first
 * byte is the register address with bit 7 set for a read and bit 6 set for a multi-byte transfer.
 */
final class SpiRegisters implements Registers {
    private static final int READ = 0x80;
    private static final int MULTI = 0x40;

    private final Context context;
    private final Spi spi;
    private final String description;

    private SpiRegisters(Context context, Spi spi, String description) {
        this.context = context;
        this.spi = spi;
        this.description = description;
    }

    static SpiRegisters open(Context context, String chip, int bus, int chipSelect, int speedHz, SpiMode mode)
            throws DeviceException {
        String description = chip.toUpperCase(Locale.ROOT) + " on /dev/spidev" + bus + "." + chipSelect;
        try {
            Spi spi = context.create(Spi.newConfigBuilder(context)
                    .id("edgeinfer-" + chip + "-spi" + bus + "-" + chipSelect)
                    .bus(bus)
                    .channel(chipSelect)
                    .chipSelect(SpiChipSelect.getByNumber(chipSelect))
                    .baud(speedHz)
                    .mode(mode)
                    .build());
            return new SpiRegisters(context, spi, description);
        } catch (RuntimeException e) {
            throw new DeviceException(description + ": cannot open the bus: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(int register) throws DeviceException {
        byte[] rx = transfer(new byte[]{(byte) (READ | register), 0}, "read of register " + I2cRegisters.hex(register));
        return rx[1] & 0xFF;
    }

    @Override
    public void read(int register, byte[] buffer, int length) throws DeviceException {
        byte[] tx = new byte[length + 1];
        tx[0] = (byte) (READ | (length > 1 ? MULTI : 0) | register);
        byte[] rx = transfer(tx, "read of " + length + " bytes from " + I2cRegisters.hex(register));
        System.arraycopy(rx, 1, buffer, 0, length);
    }

    @Override
    public void write(int register, int value) throws DeviceException {
        transfer(new byte[]{(byte) register, (byte) value}, "write of register " + I2cRegisters.hex(register));
    }

    @Override
    public void write(int register, byte[] data, int length) throws DeviceException {
        byte[] tx = new byte[length + 1];
        tx[0] = (byte) ((length > 1 ? MULTI : 0) | register);
        System.arraycopy(data, 0, tx, 1, length);
        transfer(tx, "write of " + length + " bytes to " + I2cRegisters.hex(register));
    }

    private byte[] transfer(byte[] tx, String what) throws DeviceException {
        byte[] rx = new byte[tx.length];
        int n;
        try {
            n = spi.transfer(tx, 0, rx, 0, tx.length);
        } catch (RuntimeException e) {
            throw new DeviceException(description + ": " + what + " failed: " + e.getMessage(), e);
        }
        if (n < 0) {
            throw new DeviceException(description + ": " + what + " failed (SPI transfer returned " + n + ")");
        }
        return rx;
    }

    /** A raw transaction, for chips without register framing (the MCP3008). */
    byte[] exchange(byte[] tx) throws DeviceException {
        return transfer(tx, "transfer");
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        Buses.release(context, spi.id());
    }
}
