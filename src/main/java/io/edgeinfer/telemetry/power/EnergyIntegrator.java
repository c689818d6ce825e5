package io.edgeinfer.telemetry.power;

import java.util.function.LongSupplier;

/**
 * Turns a meter's readings into energy per interval. Between two consecutive readings, power
 * readings contribute the trapezoid (mean of the two times the elapsed time) and energy-counter
 * readings their difference. A failed reading breaks the chain ({@link #gap}), so no energy is
 * ever invented across a span nobody measured; the interval reports how much of it was covered.
 */
public final class EnergyIntegrator {
    private final LongSupplier nanoClock;
    private PowerSample last;
    private long lastNanos;
    private double joules;
    private double coveredS;
    private double totalJoules;

    /** What one interval saw: energy over the covered part, and how long that part was. */
    public record Interval(double joules, double coveredS) {
        /** Mean power over the covered part, or null when nothing was covered. */
        public Double averageWatts() {
            return coveredS > 0 ? joules / coveredS : null;
        }
    }

    /** @param nanoClock monotonic nanoseconds ({@link System#nanoTime} outside tests) */
    public EnergyIntegrator(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Adds a reading taken now. */
    public synchronized void add(PowerSample s) {
        long now = nanoClock.getAsLong();
        if (last != null && last.isEnergy() == s.isEnergy()) {
            double dt = (now - lastNanos) / 1e9;
            double e = s.isEnergy() ? s.joules() - last.joules() : (s.watts() + last.watts()) / 2 * dt;
            // A counter that went backwards was reset (meter restarted): that span is unknown.
            if (dt > 0 && e >= 0) {
                joules += e;
                coveredS += dt;
                totalJoules += e;
            }
        }
        last = s;
        lastNanos = now;
    }

    /** A reading failed: the span up to the next good reading is not counted. */
    public synchronized void gap() {
        last = null;
    }

    /** The interval since the previous call, then starts the next one. */
    public synchronized Interval take() {
        Interval i = new Interval(joules, coveredS);
        joules = 0;
        coveredS = 0;
        return i;
    }

    /** Energy counted since start, in joules (the Prometheus counter). */
    public synchronized double totalJoules() {
        return totalJoules;
    }
}
