package io.edgeinfer.bench;

import java.util.Arrays;

/** Percentiles and throughput of one measured run. Times in milliseconds. */
public record LatencyStats(int count, double seconds, double p50, double p95, double p99, double max) {

    public double throughput() {
        return count / seconds;
    }

    /** From per-item nanosecond samples and the run's wall time. */
    public static LatencyStats of(long[] nanos, int n, long wallNanos) {
        long[] s = Arrays.copyOf(nanos, n);
        Arrays.sort(s);
        return new LatencyStats(n, wallNanos / 1e9, pct(s, 50), pct(s, 95), pct(s, 99), n == 0 ? 0 : s[n - 1] / 1e6);
    }

    /** Nearest-rank percentile. */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
