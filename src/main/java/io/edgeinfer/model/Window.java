package io.edgeinfer.model;

import java.util.Arrays;
import java.util.Set;

/**
 * One model input. For a sample stream: {@code size} consecutive samples of {@code channels}
 * channels, laid out channel by channel ({@code data[c * size + i]}), i.e. shape {@code [channels,
 * size]}. For an image: {@code channels} colour planes of {@code size = height * width} pixels, shape
 * {@code [channels, height, width]}. {@code dims} is that shape, without the batch dimension.
 *
 * @param index windows since start (0, 1, ...), to spot gaps
 * @param startNanos acquisition time of the first sample, epoch nanoseconds
 * @param endNanos acquisition time of the last sample, epoch nanoseconds
 * @param readyNanos {@link System#nanoTime()} when the window was complete, for latency
 * @param dims the model input shape without the batch dimension; its product is {@code data.length}
 * @param flags what looked wrong with the signal in this window (stuck, saturated); empty if nothing
 * @param origin where the input came from when that is more than a time (an image file's name), or null
 */
public record Window(long index, long startNanos, long endNanos, long readyNanos, int channels, int size, float[] data,
        int[] dims, Set<SignalFlag> flags, String origin) {

    public Window {
        flags = Set.copyOf(flags);
    }

    /** A window of a sample stream, shape {@code [channels, size]}. */
    public Window(long index, long startNanos, long endNanos, long readyNanos, int channels, int size, float[] data) {
        this(index, startNanos, endNanos, readyNanos, channels, size, data, new int[]{channels, size}, Set.of(), null);
    }

    /** An image of shape {@code [channels, height, width]} taken at {@code epochNanos}. */
    public static Window image(long index, long epochNanos, long readyNanos, int channels, int height, int width,
            float[] data, String origin) {
        return new Window(index, epochNanos, epochNanos, readyNanos, channels, height * width, data,
                new int[]{channels, height, width}, Set.of(), origin);
    }

    /**
     * A model input of shape {@code dims} with no acquisition behind it (a probe, a validation or
     * golden sample): {@code data} holds the product of {@code dims} values.
     */
    public static Window of(long index, int[] dims, float[] data) {
        if (data.length != elements(dims)) {
            throw new IllegalArgumentException(data.length + " values for the shape " + shapeText(dims));
        }
        return new Window(index, 0, 0, 0, dims[0], data.length / dims[0], data, dims.clone(), Set.of(), null);
    }

    /** Values in one input of shape {@code dims} (without the batch dimension). */
    public static int elements(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    public Window withFlags(Set<SignalFlag> newFlags) {
        return new Window(index, startNanos, endNanos, readyNanos, channels, size, data, dims, newFlags, origin);
    }

    /** The same window under another index (an input restarted by a config change continues the numbering). */
    public Window withIndex(long newIndex) {
        return new Window(newIndex, startNanos, endNanos, readyNanos, channels, size, data, dims, flags, origin);
    }

    public long endEpochMs() {
        return endNanos / 1_000_000;
    }

    public long startEpochMs() {
        return startNanos / 1_000_000;
    }

    /** The shape as the model sees it, e.g. {@code [1, 3, 256]}. */
    public String shapeText() {
        return shapeText(dims);
    }

    /** {@code dims} with the batch dimension in front, e.g. {@code [1, 3, 256]}. */
    public static String shapeText(int[] dims) {
        long[] s = new long[dims.length + 1];
        s[0] = 1;
        for (int i = 0; i < dims.length; i++) {
            s[i + 1] = dims[i];
        }
        return Arrays.toString(s);
    }
}
