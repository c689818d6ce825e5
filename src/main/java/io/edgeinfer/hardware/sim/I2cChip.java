package io.edgeinfer.hardware.sim;

/** A chip on an I2C bus, at register level: what one bus transaction reads or writes. */
public interface I2cChip {

    /** Reads {@code length} bytes from {@code register} on (auto-increment), as one transaction. */
    void read(int register, byte[] buffer, int offset, int length);

    /** Writes bytes to {@code register} on, as one transaction. */
    void write(int register, byte[] data, int offset, int length);

    /** False while the chip is absent or the bus is faulty: every transaction fails as on a board. */
    boolean answers();
}
