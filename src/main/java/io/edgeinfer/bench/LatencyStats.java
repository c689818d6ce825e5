package io.edgeinfer.bench;

import io.edgeinfer.data.Quantiles;

/** Percentiles (nearest rank) and throughput of one measured run. Times in milliseconds. */
public record LatencyStats(int count, double seconds, double p50, double p95, double p99, double max) {

    public double throughput() {
        return count / seconds;
    }

    /** From per-item nanosecond samples (the first {@code n}) and the run's wall time; zeros for none. */
    public static LatencyStats of(long[] nanos, int n, long wallNanos) {
        if (n == 0) {
            return new LatencyStats(0, wallNanos / 1e9, 0, 0, 0, 0);
        }
        Quantiles.Summary s = Quantiles.summary(nanos, n);
        return new LatencyStats(n, wallNanos / 1e9, s.p50() / 1e6, s.p95() / 1e6, s.p99() / 1e6, s.max() / 1e6);
    }
}
