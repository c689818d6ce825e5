package io.edgeinfer.hardware.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The register file of a simulated chip: one transaction at a time, auto-incrementing burst reads
 * and writes, a log of every write (to check a driver's init sequence against the datasheet), and
 * two faults: absent (nothing acknowledges) and failing (the bus errors).
 */
public abstract class RegisterChip implements I2cChip {
    /** One register write as the chip received it. */
    public record Write(int register, int value) {
        @Override
        public String toString() {
            return String.format("0x%02X<-0x%02X", register, value);
        }
    }

    private final List<Write> writes = new ArrayList<>();
    private volatile boolean present = true;
    private volatile boolean failing;

    @Override
    public final synchronized void read(int register, byte[] buffer, int offset, int length) {
        begin(System.nanoTime());
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) readRegister(next(register, i));
        }
        afterRead(register, length);
    }

    @Override
    public final synchronized void write(int register, byte[] data, int offset, int length) {
        long now = System.nanoTime();
        begin(now);
        for (int i = 0; i < length; i++) {
            int r = next(register, i);
            int v = data[offset + i] & 0xFF;
            writes.add(new Write(r, v));
            writeRegister(r, v, now);
        }
    }

    /** The register the {@code i}-th byte of a burst from {@code start} touches. */
    protected int next(int start, int i) {
        return start + i;
    }

    /** Before each transaction: bring the chip's state up to {@code nanoTime} (sampling). */
    protected abstract void begin(long nanoTime);

    protected abstract int readRegister(int register);

    protected abstract void writeRegister(int register, int value, long nanoTime);

    /** After a read transaction (e.g. pop the FIFO once its data registers were read). */
    protected void afterRead(int register, int length) {
    }

    @Override
    public boolean answers() {
        return present && !failing;
    }

    public boolean present() {
        return present;
    }

    /** Unplugs (false) or plugs in (true) the chip. A chip plugged in again starts from reset. */
    public synchronized void setPresent(boolean p) {
        if (p && !present) {
            reset();
        }
        present = p;
    }

    /** Makes every transaction fail with a bus error (true) or work again (false). */
    public void setFailing(boolean f) {
        failing = f;
    }

    /** Power-on state. */
    protected abstract void reset();

    /** Every register write so far, in order. */
    public synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    public synchronized void clearWrites() {
        writes.clear();
    }
}
