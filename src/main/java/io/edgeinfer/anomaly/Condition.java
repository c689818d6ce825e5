package io.edgeinfer.anomaly;

/**
 * What the pipeline knows about the machine's operating condition for one window, from outside the
 * vibration signal (a tachometer, a PLC, a current clamp). NaN fields are unknown: the shaft speed is
 * then estimated from the spectrum (or the configured one used), and a missing load counts as 1.
 *
 * @param shaftHz shaft speed in Hz (rev/s)
 * @param load load factor, 1 = nominal
 */
public record Condition(double shaftHz, double load) {
    /** Nothing known from outside. */
    public static final Condition UNKNOWN = new Condition(Double.NaN, Double.NaN);

    public Condition {
        if (!Double.isNaN(shaftHz) && !(shaftHz > 0 && Double.isFinite(shaftHz))) {
            throw new IllegalArgumentException("shaft speed must be positive and finite, got " + shaftHz);
        }
        if (!Double.isNaN(load) && !(load >= 0 && Double.isFinite(load))) {
            throw new IllegalArgumentException("load must be zero or positive and finite, got " + load);
        }
    }
}
