package io.edgeinfer.telemetry.power;

import io.edgeinfer.config.InaConfig;
import io.edgeinfer.hardware.DeviceException;
import java.util.Locale;

/**
 * A TI INA219 shunt monitor on I2C (datasheet SBOS448G) in the board's supply. At open: reset,
 * check the configuration register's reset value 0x399F (the chip has no ID register), configure
 * the 32 V bus range, PGA /8 (+-320 mV), 12-bit shunt and bus conversions, continuous; write the
 * calibration and read it back. Current and power then come from the chip's own engine: current =
 * register x Current_LSB, power = register x 20 x Current_LSB, where Current_LSB = 0.04096 /
 * (Cal x R_shunt). A chip that lost power forgets its calibration (and would read 0 A): each
 * reading checks it and calibrates again.
 */
public final class Ina219Meter implements PowerMeter {
    static final int CONFIG = 0x00;
    static final int BUS = 0x02;
    static final int POWER = 0x03;
    static final int CURRENT = 0x04;
    static final int CALIBRATION = 0x05;
    static final int RESET = 0x8000;
    /** BRNG = 1 (32 V), PG = 11 (/8, 320 mV), BADC = SADC = 0011 (12 bit, 532 us), MODE = 111: the reset value too. */
    static final int CONFIGURATION = 0x399F;
    static final int CNVR = 0x02;
    static final int OVF = 0x01;
    static final double BUS_LSB_V = 0.004;

    private final WordRegisters regs;
    private final InaConfig config;
    private final Runnable release;
    private final int calibration;
    private final double currentLsb;
    private boolean closed;

    private Ina219Meter(WordRegisters regs, InaConfig config, Runnable release) {
        this.regs = regs;
        this.config = config;
        this.release = release;
        this.calibration = config.calibration();
        this.currentLsb = config.currentLsbA();
    }

    /**
     * Checks and configures the chip behind {@code regs}.
     *
     * @param release frees what the meter holds beyond {@code regs} (the Pi4J context), on close
     * @throws DeviceException when the bus fails or the chip is not an INA219
     */
    static Ina219Meter open(WordRegisters regs, InaConfig config, Runnable release) throws DeviceException {
        Ina219Meter m = new Ina219Meter(regs, config, release);
        m.configure();
        return m;
    }

    private void configure() throws DeviceException {
        regs.write(CONFIG, RESET);
        int reset = regs.read(CONFIG);
        if (reset != CONFIGURATION) {
            throw new DeviceException(regs.describe() + ": configuration register reads " + hex(reset)
                    + " after a reset, an INA219 reads "
                    + hex(CONFIGURATION) + ": not an INA219 (an INA260 is telemetry.power: ina260), or a wiring fault");
        }
        regs.write(CONFIG, CONFIGURATION);
        regs.write(CALIBRATION, calibration);
        int back = regs.read(CALIBRATION);
        if (back != calibration) {
            throw new DeviceException(regs.describe() + ": calibration register reads " + hex(back) + " after writing "
                    + hex(calibration) + ": not an INA219, or the bus corrupts data");
        }
        regs.awaitFlag(BUS, CNVR, "conversion (CNVR)");
    }

    @Override
    public String source() {
        return "ina219";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT,
                "%s, shunt %s Ohm, max %s A (calibration %d, current LSB %.4g uA, power LSB %.4g mW)",
                regs.describe(), config.shuntOhms(), config.maxCurrentA(), calibration, currentLsb * 1e6, currentLsb
                        * 20e3);
    }

    @Override
    public PowerSample read() throws PowerMeterException {
        return PowerSample.power(measure().watts());
    }

    /** Bus voltage, current and power, now. */
    public synchronized InaReading measure() throws PowerMeterException {
        try {
            int cal = regs.read(CALIBRATION);
            if (cal != calibration) {
                configure();
                throw new PowerMeterException(regs.describe() + ": calibration register read " + hex(cal) + ", not "
                        + hex(calibration)
                        + " (the chip was reset or lost power): calibrated again; this reading is skipped");
            }
            int bus = regs.read(BUS);
            if ((bus & OVF) != 0) {
                throw new PowerMeterException(regs.describe()
                        + ": math overflow (OVF): the current is beyond max_current_a "
                        + config.maxCurrentA() + " A; raise telemetry.ina219.max_current_a");
            }
            short current = (short) regs.read(CURRENT);
            int power = regs.read(POWER);
            return new InaReading((bus >> 3) * BUS_LSB_V, current * currentLsb, power * 20 * currentLsb);
        } catch (DeviceException e) {
            throw new PowerMeterException(e.getMessage(), e);
        }
    }

    static String hex(int v) {
        return String.format("0x%04X", v);
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
