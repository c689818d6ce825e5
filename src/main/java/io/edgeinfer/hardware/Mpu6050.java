package io.edgeinfer.hardware;

import io.edgeinfer.config.Mpu6050Config;
import io.edgeinfer.sensor.FullScale;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.Timebase;
import java.util.List;

/**
 * MPU-6050 driver (InvenSense register map RM-MPU-6000A-00 rev 4.2). Reset, wake from sleep on the
 * gyro PLL, set rate, filter and ranges, then let the chip push accelerometer and gyro samples into
 * its 1 KiB FIFO, drained in bursts. A FIFO overflow loses bytes mid-sample, so it resets the FIFO.
 */
final class Mpu6050 implements SampleDevice {
    static final int SMPLRT_DIV = 0x19;
    static final int CONFIG = 0x1A;
    static final int GYRO_CONFIG = 0x1B;
    static final int ACCEL_CONFIG = 0x1C;
    static final int FIFO_EN = 0x23;
    static final int INT_STATUS = 0x3A;
    static final int USER_CTRL = 0x6A;
    static final int PWR_MGMT_1 = 0x6B;
    static final int FIFO_COUNT_H = 0x72;
    static final int FIFO_R_W = 0x74;
    static final int WHO_AM_I = 0x75;
    static final int DEVICE_RESET = 0x80;
    static final int CLOCK_PLL_XGYRO = 0x01;
    static final int USER_FIFO_EN = 0x40;
    static final int USER_FIFO_RESET = 0x04;
    static final int FIFO_OFLOW = 0x10;
    static final int ACCEL_FIFO = 0x08;
    static final int XG_FIFO = 0x40;
    static final int YG_FIFO = 0x20;
    static final int ZG_FIFO = 0x10;
    static final int FIFO_SIZE = 1024;
    /** Low-pass filter settings 1..6: accelerometer bandwidth in Hz (register map, CONFIG). */
    private static final int[] DLPF_BANDWIDTH = {260, 184, 94, 44, 21, 10, 5};
    private static final List<String> AXES = List.of("ax", "ay", "az", "gx", "gy", "gz");
    /** Datasheet sensitivity in LSB per degree/s for FS_SEL 0-3. */
    private static final float[] GYRO_LSB = {131f, 65.5f, 32.8f, 16.4f};
    /** Bytes the FIFO may be asked for in one I2C transaction (whole samples, a safe I2C length). */
    private static final int MAX_BURST = 240;

    private final Mpu6050Config config;
    private final String description;
    private final BusOpener<? extends Registers> opener;
    private final Timebase time;
    private final SampleClock clock;
    private final boolean accel;
    private final boolean[] gyro = new boolean[3];
    private final int frameBytes;
    private final int[] frameOffset;
    private final float[] scale;
    private Registers regs;
    private long lastDrainNanos;
    private long lost;

    Mpu6050(Mpu6050Config config, String description, BusOpener<? extends Registers> opener, Timebase time) {
        this.config = config;
        this.description = description;
        this.opener = opener;
        this.time = time;
        this.clock = new SampleClock(config.rateHz());
        List<String> axes = config.axes();
        this.accel = axes.stream().anyMatch(a -> a.startsWith("a"));
        for (int g = 0; g < 3; g++) {
            gyro[g] = axes.contains(AXES.get(3 + g));
        }
        // FIFO order is register order: ACCEL_XOUT..ZOUT, then the enabled gyro axes.
        int[] offsetOf = new int[6];
        int bytes = 0;
        if (accel) {
            for (int a = 0; a < 3; a++) {
                offsetOf[a] = 2 * a;
            }
            bytes = 6;
        }
        for (int g = 0; g < 3; g++) {
            if (gyro[g]) {
                offsetOf[3 + g] = bytes;
                bytes += 2;
            }
        }
        this.frameBytes = bytes;
        this.frameOffset = axes.stream().mapToInt(a -> offsetOf[AXES.indexOf(a)]).toArray();
        this.scale = new float[axes.size()];
        for (int c = 0; c < axes.size(); c++) {
            scale[c] = axes.get(c).startsWith("a")
                    ? 1f / (16384 >> fsSel(config.accelRangeG() / 2))
                    : 1f / GYRO_LSB[fsSel(config.gyroRangeDps() / 250)];
        }
    }

    private static int fsSel(int steps) {
        return Integer.numberOfTrailingZeros(steps);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public int channels() {
        return frameOffset.length;
    }

    @Override
    public FullScale fullScale() {
        float[] lo = new float[scale.length];
        float[] hi = new float[scale.length];
        for (int c = 0; c < scale.length; c++) {
            lo[c] = -32768 * scale[c];
            hi[c] = 32767 * scale[c];
        }
        return new FullScale(lo, hi);
    }

    @Override
    public void open() throws DeviceException, InterruptedException {
        regs = opener.open();
        int id = regs.read(WHO_AM_I);
        if (id != 0x68) {
            throw new DeviceException(description + ": WHO_AM_I is " + I2cRegisters.hex(id)
                    + ", expected 0x68: not an MPU-6050 (an MPU-6500/9250 answers 0x70/0x71), or a wiring fault");
        }
        regs.write(PWR_MGMT_1, DEVICE_RESET);
        // Register map: wait 100 ms after a reset; the chip comes back asleep.
        Thread.sleep(100);
        regs.write(PWR_MGMT_1, CLOCK_PLL_XGYRO);
        int[] div = dividerAndFilter(config.rateHz());
        regs.write(SMPLRT_DIV, div[0]);
        regs.write(CONFIG, div[1]);
        regs.write(GYRO_CONFIG, fsSel(config.gyroRangeDps() / 250) << 3);
        regs.write(ACCEL_CONFIG, fsSel(config.accelRangeG() / 2) << 3);
        regs.write(USER_CTRL, USER_FIFO_RESET);
        regs.write(USER_CTRL, USER_FIFO_EN);
        regs.write(FIFO_EN, (accel ? ACCEL_FIFO : 0) | (gyro[0] ? XG_FIFO : 0) | (gyro[1] ? YG_FIFO : 0)
                | (gyro[2] ? ZG_FIFO : 0));
        clock.restart();
        lastDrainNanos = time.nowNanos();
    }

    /**
     * {SMPLRT_DIV, DLPF_CFG} for a rate. With the filter on (DLPF_CFG 1-6) the gyro runs at 1 kHz;
     * the widest bandwidth below the Nyquist frequency keeps aliasing out. Rates that only an 8 kHz
     * base reaches need the filter off (260 Hz bandwidth).
     */
    static int[] dividerAndFilter(double rateHz) {
        double n1 = 1000 / rateHz;
        if (Math.abs(n1 - Math.rint(n1)) < 1e-9) {
            int dlpf = 1;
            while (dlpf < 6 && DLPF_BANDWIDTH[dlpf] >= rateHz / 2) {
                dlpf++;
            }
            return new int[]{(int) Math.rint(n1) - 1, dlpf};
        }
        return new int[]{(int) Math.rint(8000 / rateHz) - 1, 0};
    }

    @Override
    public SampleBlock read() throws DeviceException {
        long now = time.nowNanos();
        if ((regs.read(INT_STATUS) & FIFO_OFLOW) != 0) {
            // Bytes were dropped mid-sample: nothing in the FIFO can be trusted to be aligned.
            long due = Math.round((now - lastDrainNanos) * config.rateHz() / 1e9);
            lost += Math.max(1, due);
            regs.write(USER_CTRL, USER_FIFO_EN | USER_FIFO_RESET);
            clock.restart();
            lastDrainNanos = now;
            return null;
        }
        byte[] count = new byte[2];
        regs.read(FIFO_COUNT_H, count, 2);
        int frames = (((count[0] & 0xFF) << 8) | (count[1] & 0xFF)) / frameBytes;
        lastDrainNanos = now;
        if (frames == 0) {
            return null;
        }
        byte[] fifo = new byte[frames * frameBytes];
        int chunk = (MAX_BURST / frameBytes) * frameBytes;
        byte[] part = new byte[chunk];
        for (int off = 0; off < fifo.length; off += chunk) {
            int n = Math.min(chunk, fifo.length - off);
            regs.read(FIFO_R_W, part, n);
            System.arraycopy(part, 0, fifo, off, n);
        }
        float[] values = new float[frames * frameOffset.length];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < frameOffset.length; c++) {
                int o = i * frameBytes + frameOffset[c];
                values[i * frameOffset.length + c] = (short) ((fifo[o] << 8) | (fifo[o + 1] & 0xFF)) * scale[c];
            }
        }
        return new SampleBlock(clock.place(frames, now), clock.periodNanos(), frameOffset.length, frames, values);
    }

    /** A quarter of the FIFO's worth of time, at most 50 ms. */
    @Override
    public long pollNanos() {
        double fill = (FIFO_SIZE / (double) frameBytes) / config.rateHz();
        return Math.round(Math.min(0.05, fill / 4) * 1e9);
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
