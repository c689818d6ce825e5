package io.edgeinfer.bench;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.util.List;

/**
 * Each prediction's latency (window complete to prediction handed to the outbox), recorded on the
 * inference thread with when it was made, and split afterwards by the rounds each compared condition
 * ran in: benches that alternate two conditions in one run ({@link PageBench}, {@link CaptureBench}).
 * Recording is two array stores, so it costs both conditions the same.
 */
final class RoundLatencies implements InferenceObserver {
    private final long[] latency = new long[4_000_000];
    private final long[] at = new long[4_000_000];
    private volatile int n;

    @Override
    public void inferred(Prediction p) {
        int i = n;
        if (i < latency.length) {
            latency[i] = p.totalNanos();
            at[i] = System.nanoTime();
            n = i + 1;
        }
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // counted by the pipeline
    }

    /** The latencies of the predictions made within {@code spans} ({start, end} nano times), over {@code wallNanos}. */
    LatencyStats within(List<long[]> spans, long wallNanos) {
        int total = n;
        long[] in = new long[total];
        int k = 0;
        for (int i = 0; i < total; i++) {
            for (long[] s : spans) {
                if (at[i] >= s[0] && at[i] < s[1]) {
                    in[k++] = latency[i];
                    break;
                }
            }
        }
        return LatencyStats.of(in, k, wallNanos);
    }
}
