package io.edgeinfer.control.deploy;

import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import java.util.Locale;

/**
 * One look at the pipeline's counters; two looks tell whether the serving model kept up with the
 * windows in between and how many it failed on.
 *
 * @param nanos when, {@link System#nanoTime}
 * @param windows windows made by the input so far
 * @param done windows the model finished, answered or failed
 * @param failed windows it failed on (raised, or gave NaN or infinity)
 * @param dropped windows dropped unseen because the queue was full
 * @param busyNanos time the inference thread spent on windows, the one in progress included
 * @param queued windows waiting now
 */
record Throughput(long nanos, long windows, long done, long failed, long dropped, long busyNanos, int queued) {
    /** Below this share of its time on windows, a model has time to spare, whatever waits. */
    private static final double BUSY = 0.9;
    /** Fewer finished windows than this are too few to call a failure rate. */
    private static final int MIN_DONE = 5;

    static Throughput of(PipelineStats stats, InferenceLoop loop) {
        long errors = stats.errorsTotal();
        return new Throughput(System.nanoTime(), stats.windowsTotal(), stats.inferencesTotal() + errors, errors,
                stats.droppedTotal(), stats.busyNanosTotal() + loop.inFlightNanos(), stats.queueDepth());
    }

    /**
     * Why the model fell behind since {@code a}, or null when it kept up: it spent (nearly) all its time
     * on windows and still windows waited or were dropped. Without input, or with time to spare, it is
     * not behind, however slow one window is.
     */
    String behindSince(Throughput a) {
        double span = (nanos - a.nanos) / 1e9;
        double busy = Math.min(1.0, (busyNanos - a.busyNanos) / 1e9 / span);
        long lost = dropped - a.dropped;
        if (span <= 0 || busy < BUSY || (lost == 0 && queued == 0)) {
            return null;
        }
        return String.format(Locale.ROOT,
                "falls behind: %.1f windows/s inferred while %.1f/s arrive, %d dropped in the "
                        + "last %.0f s (inference busy %.0f %%)", (done - a.done) / span, (windows - a.windows) / span,
                lost, span,
                busy * 100);
    }

    /** Why the model fails too often since {@code a}, or null; {@code lastError} says what the last failure was. */
    String failingSince(Throughput a, double maxErrorRate, String lastError) {
        long n = done - a.done;
        long bad = failed - a.failed;
        if (n < MIN_DONE || bad <= maxErrorRate * n) {
            return null;
        }
        return String.format(Locale.ROOT,
                "fails on %d of %d windows in the last %.0f s (%s); nothing is published for them",
                bad, n, (nanos - a.nanos) / 1e9, lastError == null ? "no reason given" : lastError);
    }
}
