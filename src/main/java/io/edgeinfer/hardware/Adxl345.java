package io.edgeinfer.hardware;

import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.sensor.FullScale;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.Timebase;
import java.util.List;
import java.util.Map;

/**
 * ADXL345 driver (Analog Devices datasheet Rev. G). The chip samples at its output data rate into a
 * 32-entry FIFO in stream mode; each read drains the FIFO with one 6-byte burst per entry, so
 * sample spacing is the chip's, not the JVM's. Values are in g at full resolution (3.9 mg/LSB at
 * every range: a raw 0x0100 is 1 g).
 */
final class Adxl345 implements SampleDevice {
    static final int DEVID = 0x00;
    static final int BW_RATE = 0x2C;
    static final int POWER_CTL = 0x2D;
    static final int INT_SOURCE = 0x30;
    static final int DATA_FORMAT = 0x31;
    static final int DATAX0 = 0x32;
    static final int FIFO_CTL = 0x38;
    static final int FIFO_STATUS = 0x39;
    static final int DEVICE_ID = 0xE5;
    static final int MEASURE = 0x08;
    static final int FULL_RES = 0x08;
    static final int FIFO_STREAM = 0x80;
    static final int OVERRUN = 0x01;
    static final int FIFO_DEPTH = 32;
    /** Full resolution: 256 LSB per g (datasheet Table 1, 3.9 mg/LSB). */
    static final float G_PER_LSB = 1f / 256;
    /** BW_RATE rate codes (datasheet Table 7). */
    static final Map<Double, Integer> RATE_CODES = Map.of(3200.0, 0x0F, 1600.0, 0x0E, 800.0, 0x0D, 400.0, 0x0C,
            200.0, 0x0B, 100.0, 0x0A, 50.0, 0x09, 25.0, 0x08, 12.5, 0x07, 6.25, 0x06);
    private static final List<String> AXES = List.of("x", "y", "z");

    private final Adxl345Config config;
    private final String description;
    private final BusOpener<? extends Registers> opener;
    private final Timebase time;
    private final SampleClock clock;
    private final int[] axisIndex;
    private final byte[] entry = new byte[6];
    private Registers regs;
    private long lastDrainNanos;
    private long lost;

    Adxl345(Adxl345Config config, String description, BusOpener<? extends Registers> opener, Timebase time) {
        this.config = config;
        this.description = description;
        this.opener = opener;
        this.time = time;
        this.clock = new SampleClock(config.rateHz());
        this.axisIndex = config.axes().stream().mapToInt(AXES::indexOf).toArray();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public int channels() {
        return axisIndex.length;
    }

    /** Full resolution has 10 bits at +-2 g, one more per range step: +-(2^(9+r)) LSB. */
    @Override
    public FullScale fullScale() {
        int bits = 9 + rangeBits(config.rangeG());
        return FullScale.of(axisIndex.length, -(1 << bits) * G_PER_LSB, ((1 << bits) - 1) * G_PER_LSB);
    }

    /** The init sequence of the datasheet: configure in standby, clear the FIFO, then measure. */
    @Override
    public void open() throws DeviceException {
        regs = opener.open();
        int id = regs.read(DEVID);
        if (id != DEVICE_ID) {
            throw new DeviceException(regs.describe() + ": DEVID is " + I2cRegisters.hex(id)
                    + ", expected 0xE5: not an ADXL345, or a wiring fault");
        }
        regs.write(POWER_CTL, 0x00);
        regs.write(BW_RATE, RATE_CODES.get(config.rateHz()));
        regs.write(DATA_FORMAT, FULL_RES | rangeBits(config.rangeG()));
        // Bypass mode empties the FIFO; then stream mode keeps the newest 32 samples.
        regs.write(FIFO_CTL, 0x00);
        regs.write(FIFO_CTL, FIFO_STREAM | config.watermark());
        regs.write(POWER_CTL, MEASURE);
        clock.restart();
        lastDrainNanos = time.nowNanos();
    }

    static int rangeBits(int rangeG) {
        return Integer.numberOfTrailingZeros(rangeG) - 1;
    }

    @Override
    public SampleBlock read() throws DeviceException {
        boolean overrun = (regs.read(INT_SOURCE) & OVERRUN) != 0;
        int entries = Math.min(regs.read(FIFO_STATUS) & 0x3F, FIFO_DEPTH);
        long now = time.nowNanos();
        if (overrun) {
            // The chip dropped the oldest samples; how many follows from the time since the last drain.
            long due = Math.round((now - lastDrainNanos) * config.rateHz() / 1e9);
            lost += Math.max(1, due - entries);
            clock.restart();
        }
        lastDrainNanos = now;
        if (entries == 0) {
            return null;
        }
        float[] values = new float[entries * axisIndex.length];
        for (int i = 0; i < entries; i++) {
            regs.read(DATAX0, entry, 6);
            for (int c = 0; c < axisIndex.length; c++) {
                int a = axisIndex[c];
                values[i * axisIndex.length + c] = decode(entry[2 * a], entry[2 * a + 1]);
            }
        }
        return new SampleBlock(clock.place(entries, now), clock.periodNanos(), axisIndex.length, entries, values);
    }

    /** Little-endian, right-justified, sign-extended two's complement, in g. */
    static float decode(byte lo, byte hi) {
        short raw = (short) ((lo & 0xFF) | (hi << 8));
        return raw * G_PER_LSB;
    }

    /** Half the watermark's worth of time: the FIFO is drained well before it can overflow. */
    @Override
    public long pollNanos() {
        return Math.round(config.watermark() * 1e9 / config.rateHz() / 2);
    }

    @Override
    public long takeLost() {
        long l = lost;
        lost = 0;
        return l;
    }

    @Override
    public void close() {
        if (regs != null) {
            regs.close();
            regs = null;
        }
    }
}
