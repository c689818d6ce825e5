package io.edgeinfer.hardware.sim;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.sensor.VibrationSignal;

/**
 * What a simulated chip measures, in physical units (g, degrees/s, volts), one sample at a time.
 * Called with increasing {@code index}; the chip converts to its raw codes (and clips at its full
 * scale, as the real one does).
 */
@FunctionalInterface
public interface ChipSignal {

    /**
     * @param index the sample's number since the chip started measuring
     * @param nanoTime when the chip took it ({@link System#nanoTime()})
     * @param out one value per channel the chip has
     */
    void sample(long index, long nanoTime, double[] out);

    /** The same values every sample: a stuck sensor, or a rail when beyond full scale. */
    static ChipSignal constant(double... values) {
        return (index, nanoTime, out) -> System.arraycopy(values, 0, out, 0, Math.min(values.length, out.length));
    }

    /** The vibration simulator's machine in one state, on the first three channels (g). */
    static ChipSignal vibration(long seed, double rateHz, MachineState state) {
        VibrationSignal signal = new VibrationSignal(seed, rateHz);
        float[] xyz = new float[3];
        return (index, nanoTime, out) -> {
            signal.next(state, xyz, 0);
            for (int c = 0; c < Math.min(3, out.length); c++) {
                out[c] = xyz[c];
            }
        };
    }
}
