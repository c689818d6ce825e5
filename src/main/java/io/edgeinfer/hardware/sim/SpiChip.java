package io.edgeinfer.hardware.sim;

/** A chip on an SPI bus, at transaction level: one chip-select assertion, bytes out and in. */
public interface SpiChip {

    /** The bytes clocked in (MISO) while {@code tx} is clocked out (MOSI). */
    byte[] transfer(byte[] tx);

    /** False while the bus is faulty: transfers fail as the spidev ioctl would. */
    boolean answers();
}
