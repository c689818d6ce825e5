package io.edgeinfer.web;

import io.edgeinfer.data.Quantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the page shows of one pipeline's recent predictions: the last one (with its window), a
 * timeline of labels as runs, recent latencies and the model swaps seen. The inference thread is its
 * only writer and does O(1) work per prediction (a few small objects, array slots); it never waits
 * for a reader and never touches a socket. Page threads read {@link #snapshot} whenever they like.
 */
public final class PipelineRecorder {
    static final int LATENCIES = 512;
    static final int RUNS = 256;
    static final int SWAPS = 16;

    private volatile Observation latest;
    private volatile long recorded;
    private volatile long failed;
    private volatile long lastFailureMs;
    private final AtomicLongArray latency = new AtomicLongArray(LATENCIES);
    private final AtomicLongArray inference = new AtomicLongArray(LATENCIES);
    private final AtomicReferenceArray<Run> runs = new AtomicReferenceArray<>(RUNS);
    private volatile long closedRuns;
    private volatile Run open;
    private final AtomicReferenceArray<Swap> swaps = new AtomicReferenceArray<>(SWAPS);
    private volatile long swapCount;
    /** Writer's own: the model of the previous prediction. */
    private Observation previous;

    /** A stretch of consecutive predictions with one label. */
    public record Run(String label, long fromMs, long toMs, long count) {
    }

    /** The serving model changed between two predictions (a swap or a rollback). */
    public record Swap(long tsMs, String fromName, String fromVersion, String fromSha256, String toName,
            String toVersion,
            String toSha256) {
    }

    /** Percentiles over the last {@link #LATENCIES} predictions; null before the first. */
    public record Latency(int samples, Double p50Ms, Double p99Ms, Double inferenceP50Ms, Double inferenceP99Ms) {
    }

    /** Everything at one moment; lists oldest first. */
    public record Snapshot(Observation latest, long recorded, long failed, Long lastFailureMs, List<Run> timeline,
            Latency latency, List<Swap> swaps) {
    }

    /** Inference thread: one prediction. */
    public void record(Observation o) {
        long n = recorded;
        int slot = (int) (n % LATENCIES);
        latency.lazySet(slot, o.latencyNanos());
        inference.lazySet(slot, o.inferenceNanos());
        Observation prev = previous;
        if (prev != null && !prev.modelSha256().equals(o.modelSha256())) {
            swaps.set((int) (swapCount % SWAPS), new Swap(o.tsMs(), prev.modelName(), prev.modelVersion(), prev
                    .modelSha256(),
                    o.modelName(), o.modelVersion(), o.modelSha256()));
            swapCount = swapCount + 1;
        }
        Run run = open;
        if (run != null && run.label().equals(o.label())) {
            open = new Run(run.label(), run.fromMs(), o.tsMs(), run.count() + 1);
        } else {
            if (run != null) {
                runs.set((int) (closedRuns % RUNS), run);
                closedRuns = closedRuns + 1;
            }
            open = new Run(o.label(), o.tsMs(), o.tsMs(), 1);
        }
        previous = o;
        latest = o;
        recorded = n + 1;
    }

    /** Inference thread: the model failed on a window. */
    public void failed(long tsMs) {
        lastFailureMs = tsMs;
        failed = failed + 1;
    }

    /** Predictions recorded so far: a reader compares it to see whether anything is new. */
    public long recorded() {
        return recorded;
    }

    public Snapshot snapshot() {
        long n = recorded;
        Observation last = latest;
        long fails = failed;
        return new Snapshot(last, n, fails, fails == 0 ? null : lastFailureMs, timeline(), latency(n), swaps());
    }

    /**
     * The open run is read before the closed ones: if the writer closes it meanwhile, it shows up
     * twice, once closed, and the copy is dropped. A run overwritten while being read (256 label
     * changes during one read) shows up out of order; sorting puts it back.
     */
    private List<Run> timeline() {
        Run current = open;
        long closed = closedRuns;
        List<Run> out = new ArrayList<>();
        for (long i = Math.max(0, closed - RUNS); i < closed; i++) {
            Run r = runs.get((int) (i % RUNS));
            if (r != null) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(Run::fromMs));
        if (current != null && (out.isEmpty() || out.get(out.size() - 1).fromMs() != current.fromMs())) {
            out.add(current);
        }
        return out;
    }

    private Latency latency(long n) {
        int samples = (int) Math.min(n, LATENCIES);
        if (samples == 0) {
            return new Latency(0, null, null, null, null);
        }
        long[] total = new long[samples];
        long[] model = new long[samples];
        for (int i = 0; i < samples; i++) {
            total[i] = latency.get(i);
            model[i] = inference.get(i);
        }
        Arrays.sort(total);
        Arrays.sort(model);
        return new Latency(samples, ms(total, 50), ms(total, 99), ms(model, 50), ms(model, 99));
    }

    /** The percentile (nearest rank, as everywhere) of sorted nanoseconds, in ms with 3 decimals. */
    static double ms(long[] sorted, double p) {
        return Math.round(Quantiles.percentile(sorted, p) / 1000.0) / 1000.0;
    }

    private List<Swap> swaps() {
        long n = swapCount;
        List<Swap> out = new ArrayList<>();
        for (long i = Math.max(0, n - SWAPS); i < n; i++) {
            Swap s = swaps.get((int) (i % SWAPS));
            if (s != null) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(Swap::tsMs));
        return out;
    }
}
