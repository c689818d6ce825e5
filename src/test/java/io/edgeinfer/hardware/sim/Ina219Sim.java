package io.edgeinfer.hardware.sim;

/**
 * A TI INA219 at register level (datasheet SBOS448G): configuration (reset 0x399F, RST bit), shunt
 * voltage (10 uV LSB, clipped at the PGA range), bus voltage (4 mV LSB in bits 15-3, with CNVR and
 * OVF), and the power engine: current = trunc(shunt x Cal / 4096), power = trunc(|current| x bus /
 * 5000), both 0 while Cal is 0 (its reset value), OVF when either leaves 16 bits. Calibration bit 0
 * is void and reads 0. Conversions run in the background at the configured ADC times (84 us to
 * 68 ms each for shunt and bus) in the continuous modes, or once after a triggered-mode write; CNVR
 * is set when one completes and cleared by reading the power register or writing the mode. The
 * analogue side is a shunt of {@code shuntOhms} with a settable current through it and a settable
 * bus voltage. Simplification: every ADC resolution gives the 12-bit codes (only timing differs).
 */
public final class Ina219Sim extends InaChipSim {
    private static final int CONFIG = 0x00;
    private static final int SHUNT = 0x01;
    private static final int BUS = 0x02;
    private static final int POWER = 0x03;
    private static final int CURRENT = 0x04;
    private static final int CALIBRATION = 0x05;
    private static final int RESET_CONFIG = 0x399F;
    private static final long[] ADC_NANOS = {84_000, 148_000, 276_000, 532_000};

    private final double shuntOhms;
    private int calibration;
    private int shunt;
    private int bus;
    private int power;
    private int current;

    /** @param shuntOhms the shunt resistor on the board between IN+ and IN- */
    public Ina219Sim(double shuntOhms) {
        this.shuntOhms = shuntOhms;
        reset();
    }

    @Override
    protected void reset() {
        calibration = 0;
        shunt = 0;
        bus = 0;
        power = 0;
        current = 0;
        // Power-on starts continuous conversions, as the reset configuration says.
        resetTo(RESET_CONFIG);
    }

    /** Shunt plus bus conversion time: resolution or averaging code per ADC (datasheet Table 5). */
    @Override
    protected long conversionNanos() {
        return adcNanos((config >> 3) & 0xF) + adcNanos((config >> 7) & 0xF);
    }

    private static long adcNanos(int code) {
        return (code & 0x8) != 0 ? ADC_NANOS[3] << (code & 0x7) : ADC_NANOS[code & 0x3];
    }

    @Override
    protected void convert() {
        int range = 4000 << ((config >> 11) & 0x3);
        shunt = (int) Math.max(-range, Math.min(range, Math.round(amps * shuntOhms / 10e-6)));
        int maxBus = (config & 0x2000) != 0 ? 8000 : 4000;
        bus = (int) Math.max(0, Math.min(maxBus, Math.round(busVolts / 0.004)));
        long i = (long) shunt * calibration / 4096; // Java truncates toward zero, as the chip does
        long p = Math.abs(i) * bus / 5000;
        overflow = i > Short.MAX_VALUE || i < Short.MIN_VALUE || p > 0xFFFF;
        current = (int) i & 0xFFFF;
        power = (int) p & 0xFFFF;
    }

    @Override
    protected int readWord(int register) {
        return switch (register) {
            case CONFIG -> config;
            case SHUNT -> shunt & 0xFFFF;
            case BUS -> (bus << 3) | (ready ? 0x2 : 0) | (overflow ? 0x1 : 0);
            case POWER -> power;
            case CURRENT -> current;
            case CALIBRATION -> calibration;
            default -> 0;
        };
    }

    @Override
    protected void afterWordRead(int register) {
        if (register == POWER) {
            ready = false;
        }
    }

    @Override
    protected void writeWord(int register, int value, long now) {
        if (register == CONFIG) {
            if ((value & 0x8000) != 0) {
                reset();
                return;
            }
            configure(value, now);
        } else if (register == CALIBRATION) {
            calibration = value & 0xFFFE;
        }
    }
}
