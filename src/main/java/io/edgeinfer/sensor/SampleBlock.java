package io.edgeinfer.sensor;

/**
 * Consecutive samples as a sensor delivered them (one FIFO read, one simulator tick), interleaved
 * by channel: {@code values[i * channels + c]}. Timestamps are taken at acquisition: sample {@code
 * i} was taken at {@code firstNanos + i * periodNanos}, in epoch nanoseconds.
 */
public record SampleBlock(long firstNanos, long periodNanos, int channels, int count, float[] values) {
    public SampleBlock {
        if (values.length < count * channels) {
            throw new IllegalArgumentException("values holds " + values.length + " floats, need " + count * channels);
        }
    }

    public long timestampNanos(int i) {
        return firstNanos + i * periodNanos;
    }
}
