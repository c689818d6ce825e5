package io.edgeinfer.hardware;

import io.edgeinfer.sensor.FullScale;
import io.edgeinfer.sensor.SampleBlock;

/**
 * A sensor chip as its driver sees it. {@link DeviceSource} opens it, reads it on its own thread,
 * and on any {@link DeviceException} closes it and opens it again after a backoff, so a driver
 * only has to be correct, not resilient.
 */
interface SampleDevice {

    /** The device and its bus, for logs and the degraded reason. */
    String describe();

    int channels();

    FullScale fullScale();

    /** Opens the bus, checks the chip is the one configured, configures it and starts sampling. */
    void open() throws DeviceException, InterruptedException;

    /** The samples taken since the previous call, or null if there are none yet. */
    SampleBlock read() throws DeviceException, InterruptedException;

    /** How long to wait after a read before the next one, in nanoseconds. */
    long pollNanos();

    /** Samples the chip dropped since the previous call (a FIFO overflow), as far as it can tell. */
    long takeLost();

    /** Releases the bus. Idempotent; never throws. */
    void close();
}
