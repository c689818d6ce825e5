package io.edgeinfer.sensor;

import java.util.Arrays;

/**
 * The smallest and largest value each channel can report: a value there is clipped (the real one
 * may lie beyond). In the sensor's output units.
 */
public record FullScale(float[] min, float[] max) {

    /** The same limits for every channel. */
    public static FullScale of(int channels, float min, float max) {
        float[] lo = new float[channels];
        float[] hi = new float[channels];
        Arrays.fill(lo, min);
        Arrays.fill(hi, max);
        return new FullScale(lo, hi);
    }

    public boolean clipped(int channel, float value) {
        return value <= min[channel] || value >= max[channel];
    }
}
