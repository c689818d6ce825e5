package io.edgeinfer.bench;

/**
 * Cumulative energy of whatever the source measures (a CPU package, a board supply), read around
 * each model's timed run. Bench-local until the telemetry power meters can be shared.
 */
public interface EnergyMeter {
    /** What is measured and how, e.g. {@code rapl:package-0}; printed next to every figure. */
    String source();

    /** Joules since the meter was opened; never decreases (counter wrap-around is undone). */
    double joules();
}
