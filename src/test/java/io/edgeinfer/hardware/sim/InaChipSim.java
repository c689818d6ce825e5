package io.edgeinfer.hardware.sim;

/**
 * What the INA219 and INA260 simulators share: the settable analogue side (bus voltage and the
 * current through the shunt), the configuration with its conversion-ready and overflow flags, and
 * the conversion clock: in the continuous modes (5-7) a conversion completes every conversion time,
 * in the triggered ones (1-3) once after the mode is written, never when powered down (0, 4).
 */
public abstract class InaChipSim extends WordChip {
    protected double busVolts;
    protected double amps;
    protected int config;
    protected boolean ready;
    protected boolean overflow;
    private long nextConversion = Long.MAX_VALUE;

    /** What the chip sees from the next conversion on: the load's voltage and the current through it. */
    public synchronized void set(double busVolts, double amps) {
        this.busVolts = busVolts;
        this.amps = amps;
    }

    /** Power-on or the RST bit: the reset configuration, flags clear, conversions as it says. */
    protected final void resetTo(int resetConfig) {
        config = resetConfig;
        ready = false;
        overflow = false;
        nextConversion = System.nanoTime() + conversionNanos();
    }

    /** A configuration write: the ready flag clears and the next conversion follows the new mode and times. */
    protected final void configure(int value, long now) {
        config = value;
        ready = false;
        nextConversion = mode() == 0 || mode() == 4 ? Long.MAX_VALUE : now + conversionNanos();
    }

    @Override
    protected final void begin(long now) {
        if (now < nextConversion) {
            return;
        }
        convert();
        ready = true;
        nextConversion = mode() >= 5 ? now + conversionNanos() : Long.MAX_VALUE;
    }

    private int mode() {
        return config & 0x7;
    }

    /** Time one conversion takes with the current configuration. */
    protected abstract long conversionNanos();

    /** Turns {@link #busVolts} and {@link #amps} into register values (and {@link #overflow}). */
    protected abstract void convert();
}
