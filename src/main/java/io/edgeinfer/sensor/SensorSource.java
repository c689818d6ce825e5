package io.edgeinfer.sensor;

/**
 * A port for anything that produces samples: a simulator, an accelerometer on I2C, an ADC on SPI.
 * The source owns its acquisition thread and pushes blocks of timestamped samples to the sink it is
 * started with; it never waits for inference except through that sink.
 */
public interface SensorSource extends AutoCloseable {

    /** Channels per sample (e.g. 3 for x, y, z). */
    int channels();

    /** Nominal samples per second per channel. */
    double rateHz();

    /** The limits at which the sensor clips, for saturation checks; null if it has none. */
    default FullScale fullScale() {
        return null;
    }

    /** Begins acquisition on the source's own thread. Called once. */
    void start(SampleSink sink);

    /** Stops acquisition and waits for the acquisition thread to end. Idempotent. */
    @Override
    void close();

    /** Receives samples on the acquisition thread. */
    @FunctionalInterface
    interface SampleSink {
        /**
         * @throws InterruptedException when the sink was asked to block (overflow {@code block}) and
         *     the source is being stopped
         */
        void accept(SampleBlock block) throws InterruptedException;
    }
}
