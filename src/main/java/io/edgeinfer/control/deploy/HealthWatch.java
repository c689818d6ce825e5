package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Watches a freshly swapped-in model for {@code control.rollback.watch_s}: its error rate (NaN and
 * infinite outputs are failures), its p99 inference time against {@code model.latency_budget_ms}, the
 * previous model's p99 measured while it served, and its own p99 in validation, and whether it keeps
 * up with the windows ({@link ServingMonitor}). It does not pass while a window is stuck in the model
 * at its end: it watches on until the call finishes or the monitor sees the stall. Recording happens
 * on the inference thread and costs a counter or a histogram entry; judging happens on the control
 * thread ({@link #check}).
 */
public final class HealthWatch implements InferenceObserver {
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How long past its end a watch waits for a stuck window to finish or to be called a stall. */
    private static final long OVERTIME_NANOS = TimeUnit.SECONDS.toNanos(2L * ServingMonitor.SPAN_S);
    /** Below this many answered windows a p99 is their slowest one: one hiccup would decide. */
    private static final int LATENCY_WINDOWS = 100;

    private final Recorder baseline = new Recorder(MAX_NANOS, 3);
    private final Supplier<ServingMonitor.Assessment> serving;
    private final LongSupplier inFlightNanos;
    private final LongSupplier nanoTime;
    private volatile Watch watch;

    /** What is being watched and what has been seen so far. */
    private static final class Watch {
        final String sha256;
        final String requestId;
        final long endNanos;
        final ControlConfig.Rollback limits;
        final Double budgetMs;
        final double validationP99Ms;
        final Histogram before;
        final Recorder latency = new Recorder(MAX_NANOS, 3);
        final Histogram seen = new Histogram(MAX_NANOS, 3);
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();

        Watch(String sha256, String requestId, ControlConfig.Rollback limits, Double budgetMs, double validationP99Ms,
                Histogram before, long startNanos) {
            this.sha256 = sha256;
            this.requestId = requestId;
            this.limits = limits;
            this.budgetMs = budgetMs;
            this.validationP99Ms = validationP99Ms;
            this.before = before;
            this.endNanos = startNanos + (long) (limits.watchS() * 1e9);
        }
    }

    /** The outcome of a watch that ended. */
    record Verdict(String sha256, String requestId, boolean regressed, String reason, long windows) {
    }

    /**
     * @param serving the serving monitor's verdict now
     * @param inFlightNanos how long the window in progress has been in the model
     * @param nanoTime the clock watches run on ({@link System#nanoTime} in the daemon)
     */
    public HealthWatch(Supplier<ServingMonitor.Assessment> serving, LongSupplier inFlightNanos, LongSupplier nanoTime) {
        this.serving = serving;
        this.inFlightNanos = inFlightNanos;
        this.nanoTime = nanoTime;
    }

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

    /**
     * Starts watching the model with {@code sha256}; what the serving model did until now is the baseline.
     *
     * @param validationP99Ms its p99 in validation, a second reference for its latency
     */
    void start(String sha256, String requestId, ControlConfig.Rollback limits, Double budgetMs,
            double validationP99Ms) {
        watch = null;
        Histogram before = baseline.getIntervalHistogram();
        if (limits.watchS() > 0) {
            watch = new Watch(sha256, requestId, limits, budgetMs, validationP99Ms, before, nanoTime.getAsLong());
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
        ServingMonitor.Assessment now = serving.get();
        if (reason == null && now.sha256().equals(w.sha256) && !now.ok()) {
            reason = now.reason();
        }
        long late = nanoTime.getAsLong() - w.endNanos;
        if (reason == null && (late < 0 || (stuck(w) && late < OVERTIME_NANOS))) {
            return null;
        }
        watch = null;
        return new Verdict(w.sha256, w.requestId, reason != null, reason, total);
    }

    /** A window has been in the model longer than its latency limit allows: not the moment to call it healthy. */
    private boolean stuck(Watch w) {
        double limitMs = w.budgetMs != null
                ? w.budgetMs
                : Math.max(p99(w.before), w.validationP99Ms) * w.limits.maxLatencyRatio() + w.limits.latencyFloorMs();
        return inFlightNanos.getAsLong() / 1e6 > limitMs;
    }

    private static double p99(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1e6;
    }

    private static String regression(Watch w, long ok, long failed, long total) {
        double rate = (double) failed / total;
        if (rate > w.limits.maxErrorRate()) {
            return String.format(Locale.ROOT, "error rate %.1f %% over %d windows after the swap exceeds "
                    + "control.rollback.max_error_rate %.1f %% (failed: raised, or gave NaN or infinity)", rate * 100,
                    total,
                    w.limits.maxErrorRate() * 100);
        }
        if (ok < Math.max(w.limits.minWindows(), LATENCY_WINDOWS)) {
            return null;
        }
        double p99 = w.seen.getValueAtPercentile(99) / 1e6;
        if (w.budgetMs != null && p99 > w.budgetMs) {
            return String.format(Locale.ROOT,
                    "p99 inference time %.3f ms over %d windows exceeds model.latency_budget_ms %s",
                    p99, ok, w.budgetMs);
        }
        return slower(w, p99, ok);
    }

    /**
     * Slower than both references: the previous model's p99 while it served, and its own p99 in
     * validation. A model validation found slower than the one it replaces was accepted as such (its
     * budget, if any, was checked); it regresses only when it serves far slower than it validated.
     */
    private static String slower(Watch w, double p99, long ok) {
        double previous = p99(w.before);
        double reference = Math.max(previous, w.validationP99Ms);
        if (reference <= 0 || p99 <= reference * w.limits.maxLatencyRatio() || p99 - reference <= w.limits
                .latencyFloorMs()) {
            return null;
        }
        String what = previous >= w.validationP99Ms ? "the previous model's" : "its own validation p99";
        return String.format(Locale.ROOT, "p99 inference time %.3f ms over %d windows is %.1fx %s %.3f ms (limit "
                + "control.rollback.max_latency_ratio %.1f)", p99, ok, p99 / reference, what, reference,
                w.limits.maxLatencyRatio());
    }
}
