package io.edgeinfer.telemetry.power;

/**
 * One meter reading: either instantaneous power ({@link #watts}) or the value of a cumulative
 * energy counter since the meter started ({@link #joules}), never both.
 */
public record PowerSample(Double watts, Double joules) {

    public PowerSample {
        if ((watts == null) == (joules == null)) {
            throw new IllegalArgumentException("a sample is either power or energy");
        }
        Double v = watts != null ? watts : joules;
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException("not a reading: " + v);
        }
    }

    public static PowerSample power(double watts) {
        return new PowerSample(watts, null);
    }

    public static PowerSample energy(double joulesSinceStart) {
        return new PowerSample(null, joulesSinceStart);
    }

    public boolean isEnergy() {
        return joules != null;
    }
}
