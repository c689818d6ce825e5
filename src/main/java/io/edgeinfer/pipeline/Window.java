package io.edgeinfer.pipeline;

/**
 * One model input: {@code size} consecutive samples of {@code channels} channels, laid out channel
 * by channel ({@code data[c * size + i]}), which is the model's {@code [1, channels, size]} layout.
 *
 * @param index windows since start (0, 1, ...), to spot gaps
 * @param startNanos acquisition time of the first sample, epoch nanoseconds
 * @param endNanos acquisition time of the last sample, epoch nanoseconds
 * @param readyNanos {@link System#nanoTime()} when the window was complete, for latency
 */
public record Window(long index, long startNanos, long endNanos, long readyNanos, int channels, int size, float[] data) {
    public long endEpochMs() {
        return endNanos / 1_000_000;
    }

    public long startEpochMs() {
        return startNanos / 1_000_000;
    }
}
