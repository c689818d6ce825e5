package io.edgeinfer.hardware.sim;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * An ADXL345 at register level (datasheet Rev. G), on I2C or SPI: DEVID, BW_RATE, POWER_CTL,
 * DATA_FORMAT (range, full resolution or 10-bit, with clipping at full scale), the 32-entry FIFO in
 * bypass, FIFO and stream mode (overrun flag when stream mode drops the oldest entry) and the data
 * registers, which pop the FIFO once read. Samples are produced on the chip's own clock: at each
 * transaction it catches up with every sample due since the last one, like the real chip does in
 * the background.
 */
public final class Adxl345Sim extends RegisterChip implements SpiChip {
    private static final int DEVID = 0x00;
    private static final int BW_RATE = 0x2C;
    private static final int POWER_CTL = 0x2D;
    private static final int INT_SOURCE = 0x30;
    private static final int DATA_FORMAT = 0x31;
    private static final int DATAX0 = 0x32;
    private static final int DATAZ1 = 0x37;
    private static final int FIFO_CTL = 0x38;
    private static final int FIFO_STATUS = 0x39;
    private static final int DEPTH = 32;
    /** When the driver stayed away this long, older samples are gone anyway: skip them cheaply. */
    private static final long MAX_CATCH_UP = 4 * DEPTH;

    private final int[] regs = new int[64];
    private final ArrayDeque<short[]> fifo = new ArrayDeque<>();
    private final double[] value = new double[3];
    private volatile ChipSignal signal;
    private short[] output = new short[3];
    private boolean overrun;
    private boolean measuring;
    private long startNanos;
    private long periodNanos;
    private long index;
    private volatile long stopAfter = Long.MAX_VALUE;

    public Adxl345Sim(ChipSignal signal) {
        this.signal = signal;
        reset();
    }

    /**
     * The chip stops sampling after {@code samples} (as if the machine stopped): a test can then read
     * the FIFO without racing the sampling clock.
     */
    public void stopAfter(long samples) {
        stopAfter = samples;
    }

    /** Changes what the chip measures from the next sample on. */
    public void setSignal(ChipSignal s) {
        signal = s;
    }

    @Override
    protected void reset() {
        Arrays.fill(regs, 0);
        regs[DEVID] = 0xE5;
        regs[BW_RATE] = 0x0A;
        periodNanos = period(0x0A);
        fifo.clear();
        output = new short[3];
        overrun = false;
        measuring = false;
    }

    /** When the chip took sample {@code i} ({@link System#nanoTime()}), for timing checks. */
    public synchronized long sampleNanos(long i) {
        return startNanos + (i + 1) * periodNanos;
    }

    /** Samples taken since measuring began, up to now (the chip samples in the background). */
    public synchronized long produced() {
        begin(System.nanoTime());
        return index;
    }

    @Override
    protected void begin(long now) {
        if (!measuring) {
            return;
        }
        long due = (now - startNanos) / periodNanos - index;
        if (due > MAX_CATCH_UP) {
            // A stopping chip still fills its FIFO before it stops.
            index = Math.min(index + due - MAX_CATCH_UP, Math.max(index, stopAfter - DEPTH));
            overrun |= fifoMode() != 0;
        }
        while (index < stopAfter && sampleNanos(index) <= now) {
            produce(sampleNanos(index));
        }
    }

    private void produce(long at) {
        signal.sample(index++, at, value);
        short[] codes = new short[3];
        for (int a = 0; a < 3; a++) {
            codes[a] = encode(value[a]);
        }
        int mode = fifoMode();
        if (mode == 0) {
            output = codes;
        } else if (fifo.size() < DEPTH) {
            fifo.addLast(codes);
        } else {
            overrun = true;
            if (mode != 1) {
                // Stream mode: the newest sample replaces the oldest. (FIFO mode keeps the old ones.)
                fifo.pollFirst();
                fifo.addLast(codes);
            }
        }
    }

    private int fifoMode() {
        return regs[FIFO_CTL] >> 6;
    }

    /** g to the raw code: 256 LSB/g at full resolution (10 to 13 bits), 10 bits otherwise; clipped. */
    private short encode(double g) {
        int format = regs[DATA_FORMAT];
        int range = format & 0x03;
        boolean fullRes = (format & 0x08) != 0;
        double lsbPerG = fullRes ? 256 : 256 >> range;
        int bits = fullRes ? 10 + range : 10;
        long code = Math.round(g * lsbPerG);
        long max = (1L << (bits - 1)) - 1;
        return (short) Math.max(-max - 1, Math.min(max, code));
    }

    @Override
    protected int readRegister(int register) {
        if (register >= DATAX0 && register <= DATAZ1) {
            short[] head = fifoMode() == 0 || fifo.isEmpty() ? output : fifo.peekFirst();
            int axis = (register - DATAX0) / 2;
            return (register - DATAX0) % 2 == 0 ? head[axis] & 0xFF : (head[axis] >> 8) & 0xFF;
        }
        if (register == FIFO_STATUS) {
            return Math.min(fifo.size(), 0x3F);
        }
        if (register == INT_SOURCE) {
            int watermark = regs[FIFO_CTL] & 0x1F;
            return (index > 0 ? 0x80 : 0) | (fifo.size() >= watermark && fifoMode() != 0 ? 0x02 : 0) | (overrun
                    ? 0x01
                    : 0);
        }
        return register < regs.length ? regs[register] : 0;
    }

    @Override
    protected void afterRead(int register, int length) {
        boolean touchedData = register <= DATAZ1 && register + length > DATAX0;
        if (touchedData && fifoMode() != 0 && !fifo.isEmpty()) {
            output = fifo.pollFirst();
            overrun = false;
        }
    }

    @Override
    protected void writeRegister(int register, int value, long now) {
        if (register == DEVID || register >= regs.length) {
            return;
        }
        regs[register] = value;
        if (register == POWER_CTL) {
            boolean measure = (value & 0x08) != 0;
            if (measure && !measuring) {
                startNanos = now;
                index = 0;
            }
            measuring = measure;
        } else if (register == BW_RATE) {
            periodNanos = period(value);
            // Keep the sample count; the next sample is one new period from now.
            startNanos = now - index * periodNanos;
        } else if (register == FIFO_CTL && value >> 6 == 0) {
            fifo.clear();
            overrun = false;
        }
    }

    /** BW_RATE code to period: 3200 Hz at 0x0F, halving per step down (datasheet Table 7). */
    private static long period(int code) {
        return Math.round(1e9 / (3200.0 / (1 << (0x0F - (code & 0x0F)))));
    }

    /** SPI framing: address byte with read (bit 7) and multi-byte (bit 6) flags, then data. */
    @Override
    public byte[] transfer(byte[] tx) {
        byte[] rx = new byte[tx.length];
        int cmd = tx[0] & 0xFF;
        int register = cmd & 0x3F;
        boolean multi = (cmd & 0x40) != 0;
        int n = multi ? tx.length - 1 : Math.min(1, tx.length - 1);
        if ((cmd & 0x80) != 0) {
            read(register, rx, 1, n);
        } else {
            write(register, tx, 1, n);
        }
        return rx;
    }
}
