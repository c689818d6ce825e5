package io.edgeinfer.hardware.sim;

/**
 * A TI INA260 at register level (datasheet SBOS656C): configuration (reset 0x6127, RST bit), current
 * (signed, 1.25 mA LSB, through the built-in 2 mOhm shunt), bus voltage (1.25 mV LSB), power
 * (|current| x bus, 10 mW LSB), Mask/Enable with CVRF (conversion ready, cleared by reading
 * Mask/Enable or writing the configuration) and OVF (the power result left 16 bits), and the
 * manufacturer (0x5449, "TI") and die (0x2270) IDs. Conversions run in the background at the
 * configured averaging x (bus + shunt conversion time) in the continuous modes, or once after a
 * triggered-mode write. Current and bus voltage are settable.
 */
public final class Ina260Sim extends InaChipSim {
    private static final int CONFIG = 0x00;
    private static final int CURRENT = 0x01;
    private static final int BUS = 0x02;
    private static final int POWER = 0x03;
    private static final int MASK_ENABLE = 0x06;
    private static final int ALERT_LIMIT = 0x07;
    private static final int MANUFACTURER = 0xFE;
    private static final int DIE = 0xFF;
    private static final int RESET_CONFIG = 0x6127;
    private static final int CVRF = 0x08;
    private static final int OVF = 0x04;
    private static final int[] AVERAGES = {1, 4, 16, 64, 128, 256, 512, 1024};
    private static final long[] CT_NANOS = {140_000, 204_000, 332_000, 588_000, 1_100_000, 2_116_000, 4_156_000,
            8_244_000};

    private int current;
    private int bus;
    private int power;
    private int maskEnable;
    private int alertLimit;

    public Ina260Sim() {
        reset();
    }

    @Override
    protected void reset() {
        current = 0;
        bus = 0;
        power = 0;
        maskEnable = 0;
        alertLimit = 0;
        resetTo(RESET_CONFIG);
    }

    @Override
    protected long conversionNanos() {
        return AVERAGES[(config >> 9) & 0x7] * (CT_NANOS[(config >> 6) & 0x7] + CT_NANOS[(config >> 3) & 0x7]);
    }

    @Override
    protected void convert() {
        long i = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(amps / 0.00125)));
        bus = (int) Math.max(0, Math.min(0x7FFF, Math.round(busVolts / 0.00125)));
        // 1.25 mA x 1.25 mV = 1.5625 uW per count product; the power LSB is 10 mW: / 6400.
        long p = Math.abs(i) * bus / 6400;
        overflow = p > 0xFFFF;
        current = (int) i & 0xFFFF;
        power = (int) p & 0xFFFF;
    }

    @Override
    protected int readWord(int register) {
        return switch (register) {
            case CONFIG -> config;
            case CURRENT -> current;
            case BUS -> bus;
            case POWER -> power;
            case MASK_ENABLE -> maskEnable | (ready ? CVRF : 0) | (overflow ? OVF : 0);
            case ALERT_LIMIT -> alertLimit;
            case MANUFACTURER -> 0x5449;
            case DIE -> 0x2270;
            default -> 0;
        };
    }

    @Override
    protected void afterWordRead(int register) {
        if (register == MASK_ENABLE) {
            ready = false;
        }
    }

    @Override
    protected void writeWord(int register, int value, long now) {
        switch (register) {
            case CONFIG -> {
                if ((value & 0x8000) != 0) {
                    reset();
                    return;
                }
                // Bits 14-12 read back as 110 whatever is written (datasheet 7.6.1).
                configure((value & 0x0FFF) | 0x6000, now);
            }
            case MASK_ENABLE -> maskEnable = value & 0xFC03;
            case ALERT_LIMIT -> alertLimit = value;
            default -> {
            } // read-only registers ignore writes
        }
    }
}
