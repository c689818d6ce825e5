package io.edgeinfer.hardware.sim;

import java.util.Arrays;

/**
 * An MPU-6050 at register level (register map rev 4.2): WHO_AM_I, reset and sleep in PWR_MGMT_1,
 * sample rate from SMPLRT_DIV and the low-pass filter setting, accelerometer and gyro ranges (with
 * clipping), and the 1 KiB byte FIFO filled in register order with the sensors FIFO_EN selects. An
 * overflow drops the oldest bytes (samples lose alignment, as on the chip) and raises FIFO_OFLOW
 * in INT_STATUS, cleared by reading it. Bursts from FIFO_R_W keep reading the FIFO.
 */
public final class Mpu6050Sim extends RegisterChip {
    private static final int SMPLRT_DIV = 0x19;
    private static final int CONFIG = 0x1A;
    private static final int GYRO_CONFIG = 0x1B;
    private static final int ACCEL_CONFIG = 0x1C;
    private static final int FIFO_EN = 0x23;
    private static final int INT_STATUS = 0x3A;
    private static final int USER_CTRL = 0x6A;
    private static final int PWR_MGMT_1 = 0x6B;
    private static final int FIFO_COUNT_H = 0x72;
    private static final int FIFO_COUNT_L = 0x73;
    private static final int FIFO_R_W = 0x74;
    private static final int WHO_AM_I = 0x75;
    private static final int SIZE = 1024;
    private static final float[] GYRO_LSB = {131f, 65.5f, 32.8f, 16.4f};

    private final int[] regs = new int[128];
    private final byte[] fifo = new byte[SIZE];
    private final double[] value = new double[6];
    private volatile ChipSignal signal;
    private int head;
    private int count;
    private boolean sampling;
    private long startNanos;
    private long periodNanos;
    private long index;

    public Mpu6050Sim(ChipSignal signal) {
        this.signal = signal;
        reset();
    }

    public void setSignal(ChipSignal s) {
        signal = s;
    }

    @Override
    protected void reset() {
        Arrays.fill(regs, 0);
        regs[PWR_MGMT_1] = 0x40;
        regs[WHO_AM_I] = 0x68;
        head = 0;
        count = 0;
        sampling = false;
    }

    /** Samples taken since sampling last began, up to now (the chip samples in the background). */
    public synchronized long produced() {
        begin(System.nanoTime());
        return index;
    }

    @Override
    protected void begin(long now) {
        if (!sampling) {
            return;
        }
        long due = (now - startNanos) / periodNanos - index;
        if (due > 2 * SIZE) {
            index += due - 2 * SIZE;
            regs[INT_STATUS] |= 0x10;
        }
        while (startNanos + (index + 1) * periodNanos <= now) {
            produce(startNanos + (index + 1) * periodNanos);
        }
    }

    private void produce(long at) {
        signal.sample(index++, at, value);
        int en = regs[FIFO_EN];
        if ((en & 0x08) != 0) {
            double lsb = 16384 >> ((regs[ACCEL_CONFIG] >> 3) & 3);
            for (int a = 0; a < 3; a++) {
                push(value[a] * lsb);
            }
        }
        double glsb = GYRO_LSB[(regs[GYRO_CONFIG] >> 3) & 3];
        for (int g = 0; g < 3; g++) {
            if ((en & (0x40 >> g)) != 0) {
                push(value[3 + g] * glsb);
            }
        }
    }

    private void push(double raw) {
        short code = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(raw)));
        pushByte(code >> 8);
        pushByte(code);
    }

    private void pushByte(int b) {
        if (count == SIZE) {
            head = (head + 1) % SIZE;
            count--;
            regs[INT_STATUS] |= 0x10;
        }
        fifo[(head + count) % SIZE] = (byte) b;
        count++;
    }

    private void updateSampling(long now) {
        boolean on = (regs[PWR_MGMT_1] & 0x40) == 0 && (regs[USER_CTRL] & 0x40) != 0 && regs[FIFO_EN] != 0;
        if (on && !sampling) {
            int dlpf = regs[CONFIG] & 7;
            int base = dlpf >= 1 && dlpf <= 6 ? 1000 : 8000;
            periodNanos = Math.round(1e9 * (1 + regs[SMPLRT_DIV]) / base);
            startNanos = now;
            index = 0;
        }
        sampling = on;
    }

    @Override
    protected int next(int start, int i) {
        return start == FIFO_R_W ? FIFO_R_W : start + i;
    }

    @Override
    protected int readRegister(int register) {
        switch (register) {
            case FIFO_COUNT_H :
                return (count >> 8) & 0xFF;
            case FIFO_COUNT_L :
                return count & 0xFF;
            case FIFO_R_W :
                if (count == 0) {
                    return 0xFF;
                }
                int b = fifo[head] & 0xFF;
                head = (head + 1) % SIZE;
                count--;
                return b;
            default :
                return register < regs.length ? regs[register] : 0;
        }
    }

    @Override
    protected void afterRead(int register, int length) {
        if (register <= INT_STATUS && register + length > INT_STATUS) {
            regs[INT_STATUS] = 0;
        }
    }

    @Override
    protected void writeRegister(int register, int value, long now) {
        if (register == WHO_AM_I || register >= regs.length) {
            return;
        }
        if (register == PWR_MGMT_1 && (value & 0x80) != 0) {
            reset();
            return;
        }
        regs[register] = value;
        if (register == USER_CTRL && (value & 0x04) != 0) {
            head = 0;
            count = 0;
            regs[USER_CTRL] = value & ~0x04;
            sampling = false;
        }
        updateSampling(now);
    }
}
