package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.model.Window;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Watches a freshly swapped-in model for {@code control.rollback.watch_s}: its error rate, and its
 * p99 inference time against {@code model.latency_budget_ms} or, without a budget, against the
 * previous model's p99 measured while it served. Recording happens on the inference thread and costs
 * a counter or a histogram entry; judging happens on the control thread ({@link #check}).
 */
public final class HealthWatch implements InferenceObserver {
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Recorder baseline = new Recorder(MAX_NANOS, 3);

    public HealthWatch() {
        // what the serving model does until the first swap is the first baseline
    }
    private volatile Watch watch;

    /** What is being watched and what has been seen so far. */
    private static final class Watch {
        final String sha256;
        final String requestId;
        final long endNanos;
        final ControlConfig.Rollback limits;
        final Double budgetMs;
        final Histogram before;
        final Recorder latency = new Recorder(MAX_NANOS, 3);
        final Histogram seen = new Histogram(MAX_NANOS, 3);
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();

        Watch(String sha256, String requestId, ControlConfig.Rollback limits, Double budgetMs, Histogram before) {
            this.sha256 = sha256;
            this.requestId = requestId;
            this.limits = limits;
            this.budgetMs = budgetMs;
            this.before = before;
            this.endNanos = System.nanoTime() + (long) (limits.watchS() * 1e9);
        }
    }

    /** The outcome of a watch that ended. */
    record Verdict(String sha256, String requestId, boolean regressed, String reason, long windows) {}

    @Override
    public void inferred(Prediction p) {
        long nanos = Math.min(Math.max(p.inferenceNanos(), 0), MAX_NANOS);
        Watch w = watch;
        if (w != null && w.sha256.equals(p.model().sha256())) {
            w.ok.increment();
            w.latency.recordValue(nanos);
        } else {
            baseline.recordValue(nanos);
        }
    }

    @Override
    public void failed(ModelInfo model, Window window) {
        Watch w = watch;
        if (w != null && w.sha256.equals(model.sha256())) {
            w.failed.increment();
        }
    }

    /** Starts watching the model with {@code sha256}; what the serving model did until now is the baseline. */
    void start(String sha256, String requestId, ControlConfig.Rollback limits, Double budgetMs) {
        watch = null;
        Histogram before = baseline.getIntervalHistogram();
        if (limits.watchS() > 0) {
            watch = new Watch(sha256, requestId, limits, budgetMs, before);
        }
    }

    void stop() {
        watch = null;
    }

    boolean watching() {
        return watch != null;
    }

    /** Null while the watch goes on; a verdict when it ended (time up, or a regression). */
    Verdict check() {
        Watch w = watch;
        if (w == null) {
            return null;
        }
        w.seen.add(w.latency.getIntervalHistogram());
        long ok = w.ok.sum();
        long failed = w.failed.sum();
        long total = ok + failed;
        String reason = total >= w.limits.minWindows() ? regression(w, ok, failed, total) : null;
        if (reason != null || System.nanoTime() >= w.endNanos) {
            watch = null;
            return new Verdict(w.sha256, w.requestId, reason != null, reason, total);
        }
        return null;
    }

    private static String regression(Watch w, long ok, long failed, long total) {
        double rate = (double) failed / total;
        if (rate > w.limits.maxErrorRate()) {
            return String.format(Locale.ROOT, "error rate %.1f %% over %d windows after the swap exceeds "
                    + "control.rollback.max_error_rate %.1f %%", rate * 100, total, w.limits.maxErrorRate() * 100);
        }
        if (ok < w.limits.minWindows()) {
            return null;
        }
        double p99 = w.seen.getValueAtPercentile(99) / 1e6;
        if (w.budgetMs != null && p99 > w.budgetMs) {
            return String.format(Locale.ROOT, "p99 inference time %.3f ms over %d windows exceeds model.latency_budget_ms %s",
                    p99, ok, w.budgetMs);
        }
        if (w.before.getTotalCount() > 0) {
            double prev = w.before.getValueAtPercentile(99) / 1e6;
            if (p99 > prev * w.limits.maxLatencyRatio() && p99 - prev > w.limits.latencyFloorMs()) {
                return String.format(Locale.ROOT, "p99 inference time %.3f ms over %d windows is %.1fx the previous model's "
                        + "%.3f ms (limit control.rollback.max_latency_ratio %.1f)", p99, ok, p99 / prev, prev,
                        w.limits.maxLatencyRatio());
            }
        }
        return null;
    }
}
