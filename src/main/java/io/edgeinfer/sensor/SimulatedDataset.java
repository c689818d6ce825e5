package io.edgeinfer.sensor;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SensorMount;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Labelled windows from the same {@link VibrationSignal} the live simulator uses: the one source of
 * truth for the demo model's training data. Each window comes from a freshly seeded signal (its own
 * shaft speed, phase and amplitudes); states are drawn uniformly.
 */
public final class SimulatedDataset {
    private final long seed;
    private final double rateHz;
    private final int size;
    private final SensorMount mount;

    public SimulatedDataset(long seed, double rateHz, int size) {
        this(seed, rateHz, size, SensorMount.TOP);
    }

    /** @param mount where the sensor sits: {@code SIDE} gives windows of a machine the demo model never saw */
    public SimulatedDataset(long seed, double rateHz, int size, SensorMount mount) {
        this.seed = seed;
        this.rateHz = rateHz;
        this.size = size;
        this.mount = mount;
    }

    /** One labelled window, channel-major ({@code x[0..size), y[..], z[..]}). */
    public record LabelledWindow(MachineState state, float[] data) {
    }

    public LabelledWindow window(long i) {
        SplittableRandom pick = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        MachineState state = MachineState.values()[pick.nextInt(MachineState.values().length)];
        VibrationSignal signal = new VibrationSignal(pick.nextLong(), rateHz);
        float[] sample = new float[3];
        // Skip a random stretch so a window does not always start right at a state change.
        int warm = pick.nextInt(size);
        for (int k = 0; k < warm; k++) {
            signal.next(state, sample, 0);
        }
        float[] data = new float[3 * size];
        for (int k = 0; k < size; k++) {
            signal.next(state, sample, 0);
            Mounting.apply(mount, sample, 1);
            data[k] = sample[0];
            data[size + k] = sample[1];
            data[2 * size + k] = sample[2];
        }
        return new LabelledWindow(state, data);
    }

    /** Writes {@code count} windows as CSV: {@code label,x_0..x_{n-1},y_0..,z_0..}. */
    public void writeCsv(long count, Writer out) throws IOException {
        BufferedWriter w = new BufferedWriter(out, 1 << 16);
        StringBuilder line = new StringBuilder();
        w.write(csvHeader(size));
        for (long i = 0; i < count; i++) {
            LabelledWindow lw = window(i);
            line.setLength(0);
            line.append(lw.state().key());
            for (float v : lw.data()) {
                line.append(',').append(String.format(Locale.ROOT, "%.5f", v));
            }
            w.write(line.append('\n').toString());
        }
        w.flush();
    }

    /** The header line of the {@code edgeinfer simulate} CSV for windows of {@code size}: {@code label,x_0..,y_0..,z_0..}. */
    static String csvHeader(int size) {
        StringBuilder line = new StringBuilder("label");
        for (String axis : new String[]{"x", "y", "z"}) {
            for (int k = 0; k < size; k++) {
                line.append(',').append(axis).append('_').append(k);
            }
        }
        return line.append('\n').toString();
    }
}
