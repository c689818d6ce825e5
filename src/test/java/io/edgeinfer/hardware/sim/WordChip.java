package io.edgeinfer.hardware.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A chip whose registers are 16 bits wide behind an 8-bit pointer, most significant byte first on
 * the bus (TI's INA2xx power monitors): a read transaction returns the pointed register's two bytes,
 * a write transaction sets the pointer and then the register. The pointer does not auto-increment,
 * so a longer read repeats the register. Reading has side effects (e.g. clearing a ready flag) only
 * once per transaction, after both bytes have left, as on the chip.
 */
public abstract class WordChip extends RegisterChip {
    /** One 16-bit register write as the chip received it. */
    public record WordWrite(int register, int value) {
        @Override
        public String toString() {
            return String.format("0x%02X<-0x%04X", register, value);
        }
    }

    private final List<WordWrite> wordWrites = new ArrayList<>();
    private int latched;
    private int msb;

    /** Byte address {@code register * 2 + byte}: the register's MSB, then its LSB, then again. */
    @Override
    protected final int next(int start, int i) {
        return (start << 1) | (i & 1);
    }

    @Override
    protected final int readRegister(int byteAddress) {
        if ((byteAddress & 1) == 0) {
            latched = readWord(byteAddress >> 1) & 0xFFFF;
            return latched >> 8;
        }
        return latched & 0xFF;
    }

    @Override
    protected final void afterRead(int register, int length) {
        afterWordRead(register);
    }

    @Override
    protected final void writeRegister(int byteAddress, int value, long nanoTime) {
        if ((byteAddress & 1) == 0) {
            msb = value;
            return;
        }
        int word = (msb << 8) | value;
        wordWrites.add(new WordWrite(byteAddress >> 1, word));
        writeWord(byteAddress >> 1, word, nanoTime);
    }

    /** The register's current value, 0-0xFFFF; no side effects (see {@link #afterWordRead}). */
    protected abstract int readWord(int register);

    /** After a read transaction of {@code register} (e.g. clear a conversion-ready flag). */
    protected void afterWordRead(int register) {
    }

    protected abstract void writeWord(int register, int value, long nanoTime);

    /** Every 16-bit register write so far, in order. */
    public synchronized List<WordWrite> wordWrites() {
        return List.copyOf(wordWrites);
    }

    @Override
    public synchronized void clearWrites() {
        super.clearWrites();
        wordWrites.clear();
    }
}
