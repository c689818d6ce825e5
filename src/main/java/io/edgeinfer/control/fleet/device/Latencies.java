package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.fleet.DeviceReport;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Inference times of one model, for the percentiles and the busy time a report states. Not thread-safe. */
final class Latencies {
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Histogram histogram = new Histogram(MAX_NANOS, 3);
    private long busyNanos;

    void record(long nanos) {
        long n = Math.min(Math.max(nanos, 0), MAX_NANOS);
        histogram.recordValue(n);
        busyNanos += n;
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** p50 and p99 in ms (3 decimals), or null before the first. */
    DeviceReport.Millis millis() {
        if (count() == 0) {
            return null;
        }
        return new DeviceReport.Millis(ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(99)));
    }

    /**
     * Energy per inference as telemetry defines it: power x inference busy time / inferences, in mJ
     * (W x ms); null without a power reading or an inference.
     */
    Double energyMj(double powerW) {
        if (count() == 0 || !Double.isFinite(powerW)) {
            return null;
        }
        return Math.round(powerW * busyNanos / 1e6 / count() * 1e4) / 1e4;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
