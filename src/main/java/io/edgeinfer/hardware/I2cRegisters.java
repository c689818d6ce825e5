package io.edgeinfer.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.util.Locale;

/**
 * Registers of a chip on an I2C bus, through Pi4J (linuxfs on a board; the simulated board in
 * tests). Public so other I2C chips (power monitors) can share the plumbing.
 */
public final class I2cRegisters implements Registers {
    private final Context context;
    private final I2C i2c;
    private final String description;
    /** What an operator runs to see whether the chip answers at all, and what it should show. */
    private final String probeHint;

    private I2cRegisters(Context context, I2C i2c, String description, String probeHint) {
        this.context = context;
        this.i2c = i2c;
        this.description = description;
        this.probeHint = probeHint;
    }

    public static I2cRegisters open(Context context, String chip, int bus, int address) throws DeviceException {
        String description = chip.toUpperCase(Locale.ROOT) + " at " + String.format("0x%02X", address) + " on /dev/i2c-"
                + bus;
        String probeHint = "check its wiring (SDA, SCL, 3.3 V, GND) and address, and that `i2cdetect -y " + bus
                + "` shows "
                + String.format("%02x", address);
        try {
            I2C i2c = context.create(I2C.newConfigBuilder(context)
                    .id("edgeinfer-" + chip + "-i2c" + bus + "-" + address)
                    .bus(bus)
                    .device(address)
                    .build());
            return new I2cRegisters(context, i2c, description, probeHint);
        } catch (RuntimeException e) {
            throw new DeviceException(description + ": cannot open the bus (" + e.getMessage() + "): check that I2C is "
                    + "enabled (raspi-config) and that this user is in group i2c", e);
        }
    }

    @Override
    public int read(int register) throws DeviceException {
        try {
            return i2c.readRegister(register) & 0xFF;
        } catch (RuntimeException e) {
            throw failed("read of register " + hex(register), e);
        }
    }

    @Override
    public void read(int register, byte[] buffer, int length) throws DeviceException {
        int n;
        try {
            n = i2c.readRegister(register, buffer, 0, length);
        } catch (RuntimeException e) {
            throw failed("read of " + length + " bytes from " + hex(register), e);
        }
        if (n != length) {
            throw new DeviceException(description + ": short read from " + hex(register) + ": " + n + " of " + length
                    + " bytes");
        }
    }

    @Override
    public void write(int register, int value) throws DeviceException {
        try {
            i2c.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw failed("write of register " + hex(register), e);
        }
    }

    @Override
    public void write(int register, byte[] data, int length) throws DeviceException {
        try {
            i2c.writeRegister(register, data, 0, length);
        } catch (RuntimeException e) {
            throw failed("write of " + length + " bytes to " + hex(register), e);
        }
    }

    /** A failed transfer on I2C almost always means the chip did not acknowledge: say so, and what to check. */
    private DeviceException failed(String what, RuntimeException e) {
        return new DeviceException(description + " not answering (" + what + " failed: " + e.getMessage() + "): "
                + probeHint, e);
    }

    static String hex(int v) {
        return String.format("0x%02X", v);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        Buses.release(context, i2c.id());
    }
}
