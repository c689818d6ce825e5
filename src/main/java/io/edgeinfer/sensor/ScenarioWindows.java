package io.edgeinfer.sensor;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Consecutive windows of one continuous simulated signal following a scenario from its start (time
 * 0 is the start of the first step; the schedule repeats): what the live simulator would deliver,
 * without waiting for the clock. Speed and load steps, and a fault that grows over a step, appear
 * as they would on a machine, so anomaly detection can be trained, learned and benchmarked on hours
 * of running in seconds. Deterministic for a given seed.
 */
public final class ScenarioWindows {
    private final Scenario scenario;
    private final long seed;
    private final double rateHz;
    private final int size;
    private final int hop;

    /** What one window receives: its state (at its last sample), its index and its channel-major data. */
    public interface Sink {
        void accept(long index, MachineState state, float[] data) throws IOException;
    }

    public ScenarioWindows(List<ScenarioStep> steps, long seed, double rateHz, int size, int hop) {
        if (size < 8 || hop < 1 || hop > size || !(rateHz > 0)) {
            throw new IllegalArgumentException("need size >= 8, 1 <= hop <= size, rate > 0");
        }
        this.scenario = new Scenario(steps);
        this.seed = seed;
        this.rateHz = rateHz;
        this.size = size;
        this.hop = hop;
    }

    /** Generates {@code count} windows in order. */
    public void generate(long count, Sink sink) throws IOException {
        VibrationSignal signal = new VibrationSignal(seed, rateHz);
        float[][] ring = new float[3][size];
        float[] sample = new float[3];
        double periodNanos = 1e9 / rateHz;
        long produced = 0;
        long emitted = 0;
        MachineState state = null;
        while (emitted < count) {
            long t = Math.round(produced * periodNanos);
            state = scenario.stateAt(t);
            signal.next(state, scenario.operatingAt(t), sample, 0);
            int slot = (int) (produced % size);
            for (int c = 0; c < 3; c++) {
                ring[c][slot] = sample[c];
            }
            produced++;
            if (produced >= size && (produced - size) % hop == 0) {
                float[] data = new float[3 * size];
                int oldest = (int) (produced % size);
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(ring[c], oldest, data, c * size, size - oldest);
                    System.arraycopy(ring[c], 0, data, c * size + size - oldest, oldest);
                }
                sink.accept(emitted++, state, data);
            }
        }
    }

    /** Writes {@code count} windows as CSV in the {@code edgeinfer simulate} format: {@code label,x_0..,y_0..,z_0..}. */
    public void writeCsv(long count, Writer out) throws IOException {
        BufferedWriter w = new BufferedWriter(out, 1 << 16);
        StringBuilder line = new StringBuilder();
        w.write(SimulatedDataset.csvHeader(size));
        generate(count, (i, state, data) -> {
            line.setLength(0);
            line.append(state.key());
            for (float v : data) {
                line.append(',');
                fixed5(line, v);
            }
            w.write(line.append('\n').toString());
        });
        w.flush();
    }

    /** {@code %.5f} without the formatter's cost (a simulated day is 200 million values). */
    static void fixed5(StringBuilder b, float v) {
        long scaled = Math.round(Math.abs((double) v) * 100_000);
        if (v < 0 && scaled != 0) {
            b.append('-');
        }
        b.append(scaled / 100_000).append('.');
        String frac = Long.toString(scaled % 100_000);
        for (int i = frac.length(); i < 5; i++) {
            b.append('0');
        }
        b.append(frac);
    }
}
