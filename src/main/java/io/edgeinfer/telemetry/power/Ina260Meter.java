package io.edgeinfer.telemetry.power;

import io.edgeinfer.hardware.DeviceException;

/**
 * A TI INA260 power monitor on I2C (datasheet SBOS656C) with its 2 mOhm shunt built in, in the
 * board's supply. Fixed LSBs, nothing to calibrate: current 1.25 mA (signed), bus voltage 1.25 mV,
 * power 10 mW. At open: the manufacturer ID must read 0x5449 ("TI") and the die ID 0x227x (any
 * revision), so a different chip at the address is refused; then a reset to the default
 * configuration (continuous, 1.1 ms per conversion, no averaging).
 */
public final class Ina260Meter implements PowerMeter {
    static final int CONFIG = 0x00;
    static final int CURRENT = 0x01;
    static final int BUS = 0x02;
    static final int POWER = 0x03;
    static final int MASK_ENABLE = 0x06;
    static final int MANUFACTURER_ID = 0xFE;
    static final int DIE_ID = 0xFF;
    static final int TI = 0x5449;
    static final int INA260_DEVICE = 0x227;
    static final int RESET = 0x8000;
    /** AVG 1, bus and shunt 1.1 ms, continuous: the reset value. */
    static final int CONFIGURATION = 0x6127;
    static final int CVRF = 0x08;
    static final int OVF = 0x04;
    static final double CURRENT_LSB_A = 0.00125;
    static final double BUS_LSB_V = 0.00125;
    static final double POWER_LSB_W = 0.010;

    private final WordRegisters regs;
    private final Runnable release;
    private boolean closed;

    private Ina260Meter(WordRegisters regs, Runnable release) {
        this.regs = regs;
        this.release = release;
    }

    /**
     * Checks the IDs and configures the chip behind {@code regs}.
     *
     * @param release frees what the meter holds beyond {@code regs} (the Pi4J context), on close
     * @throws DeviceException when the bus fails or the chip is not an INA260
     */
    static Ina260Meter open(WordRegisters regs, Runnable release) throws DeviceException {
        int maker = regs.read(MANUFACTURER_ID);
        if (maker != TI) {
            throw new DeviceException(regs.describe() + ": manufacturer ID reads " + Ina219Meter.hex(maker)
                    + ", a TI chip reads 0x5449"
                    + " (\"TI\"): not an INA260 (an INA219 has no ID register: telemetry.power: ina219), or a wiring fault");
        }
        int die = regs.read(DIE_ID);
        if (die >> 4 != INA260_DEVICE) {
            throw new DeviceException(regs.describe() + ": die ID reads " + Ina219Meter.hex(die)
                    + ", an INA260 reads 0x2270: a different TI chip (an INA226 reads 0x2260) at this address");
        }
        regs.write(CONFIG, RESET);
        regs.write(CONFIG, CONFIGURATION);
        regs.awaitFlag(MASK_ENABLE, CVRF, "conversion (CVRF)");
        return new Ina260Meter(regs, release);
    }

    @Override
    public String source() {
        return "ina260";
    }

    @Override
    public String describe() {
        return regs.describe() + ", built-in 2 mOhm shunt (current LSB 1.25 mA, bus 1.25 mV, power 10 mW)";
    }

    @Override
    public PowerSample read() throws PowerMeterException {
        return PowerSample.power(measure().watts());
    }

    /** Bus voltage, current and power, now. */
    public synchronized InaReading measure() throws PowerMeterException {
        try {
            if ((regs.read(MASK_ENABLE) & OVF) != 0) {
                throw new PowerMeterException(regs.describe()
                        + ": math overflow (OVF): power beyond the register's 655.35 W");
            }
            short current = (short) regs.read(CURRENT);
            int bus = regs.read(BUS);
            int power = regs.read(POWER);
            return new InaReading(bus * BUS_LSB_V, current * CURRENT_LSB_A, power * POWER_LSB_W);
        } catch (DeviceException e) {
            throw new PowerMeterException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            regs.close();
            release.run();
        }
    }
}
