package io.edgeinfer.hardware;

/**
 * A chip's registers over its bus (I2C, or SPI with register framing). Bus failures arrive as
 * {@link DeviceException} naming the device, whatever the provider threw.
 */
public interface Registers extends AutoCloseable {

    /** One register, 0-255. */
    int read(int register) throws DeviceException;

    /** {@code length} bytes from {@code register} on, in one bus transaction (a burst read). */
    void read(int register, byte[] buffer, int length) throws DeviceException;

    void write(int register, int value) throws DeviceException;

    /** {@code length} bytes to {@code register} on, in one bus transaction (e.g. a 16-bit register). */
    void write(int register, byte[] data, int length) throws DeviceException;

    /** Which device this is, e.g. {@code 0x53 on /dev/i2c-1}. */
    String describe();

    /** Releases the bus device. Idempotent; never throws. */
    @Override
    void close();
}
