package io.edgeinfer.telemetry.power;

import io.edgeinfer.hardware.DeviceException;
import io.edgeinfer.hardware.Registers;
import java.util.concurrent.locks.LockSupport;

/** 16-bit registers, most significant byte first, as the TI INA2xx power monitors have them. */
final class WordRegisters implements AutoCloseable {
    /** A conversion takes about 1-2 ms in the configurations we set; this bound allows for a busy bus. */
    static final long READY_TIMEOUT_NANOS = 200_000_000;

    private final Registers regs;
    private final byte[] buffer = new byte[2];

    WordRegisters(Registers regs) {
        this.regs = regs;
    }

    /** The register, 0-0xFFFF. */
    int read(int register) throws DeviceException {
        regs.read(register, buffer, 2);
        return ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
    }

    void write(int register, int value) throws DeviceException {
        regs.write(register, new byte[]{(byte) (value >> 8), (byte) value}, 2);
    }

    /**
     * Waits until {@code flag} is set in {@code register}: the first conversion after a
     * configuration, before which the result registers still hold zeros.
     */
    void awaitFlag(int register, int flag, String what) throws DeviceException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while ((read(register) & flag) == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new DeviceException(describe() + ": no " + what + " within " + READY_TIMEOUT_NANOS / 1_000_000
                        + " ms of configuring it: the chip is not converting");
            }
            LockSupport.parkNanos(200_000);
        }
    }

    String describe() {
        return regs.describe();
    }

    @Override
    public void close() {
        regs.close();
    }
}
