package io.edgeinfer.sensor;

import io.edgeinfer.config.SensorMount;

/**
 * Turns simulated samples (x, y, z interleaved) into what a sensor mounted elsewhere on the housing
 * reads. {@link SensorMount#TOP} leaves them exactly as they are, so the signal the demo model was
 * trained on stays bit for bit the same.
 */
final class Mounting {
    private Mounting() {
    }

    /** Rotates {@code n} interleaved samples in place. */
    static void apply(SensorMount mount, float[] xyz, int n) {
        if (mount != SensorMount.SIDE) {
            return;
        }
        for (int i = 0; i < n; i++) {
            float y = xyz[3 * i + 1];
            xyz[3 * i + 1] = xyz[3 * i + 2];
            xyz[3 * i + 2] = -y;
        }
    }
}
