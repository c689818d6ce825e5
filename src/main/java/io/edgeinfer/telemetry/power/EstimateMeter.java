package io.edgeinfer.telemetry.power;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * A model, not a measurement: power = idle + (full - idle) x whole-machine CPU utilisation,
 * integrated over time into an energy counter. Published with {@code power_source: estimate} so no
 * subscriber mistakes it for a meter. It cannot see the GPU, USB devices or radios.
 */
public final class EstimateMeter implements PowerMeter {
    private final double idleW;
    private final double fullW;
    private final String basis;
    private final CpuLoad load;
    private final LongSupplier nanoClock;
    private long lastNanos = Long.MIN_VALUE;
    private double joules;

    /**
     * @param basis where the two figures come from (board table entry or config), for the log
     * @param procStat {@code /proc/stat}
     * @param nanoClock monotonic time in nanoseconds ({@link System#nanoTime} outside tests)
     */
    public EstimateMeter(double idleW, double fullW, String basis, Path procStat, LongSupplier nanoClock) {
        this.idleW = idleW;
        this.fullW = fullW;
        this.basis = basis;
        this.load = new CpuLoad(procStat);
        this.nanoClock = nanoClock;
    }

    @Override
    public String source() {
        return "estimate";
    }

    @Override
    public String describe() {
        return "estimate from CPU utilisation, idle " + idleW + " W, full load " + fullW + " W (" + basis + ")";
    }

    public double idleW() {
        return idleW;
    }

    public double fullW() {
        return fullW;
    }

    /** Modelled energy since the first reading, in joules. */
    @Override
    public synchronized PowerSample read() throws PowerMeterException {
        Double u = load.sinceLast();
        long now = nanoClock.getAsLong();
        if (lastNanos == Long.MIN_VALUE) {
            lastNanos = now;
        } else if (u != null) {
            joules += (idleW + (fullW - idleW) * u) * ((now - lastNanos) / 1e9);
            lastNanos = now;
        }
        return PowerSample.energy(joules);
    }
}
