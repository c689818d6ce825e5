package io.edgeinfer.bench;

import java.util.List;

/**
 * How a model-evaluation bench run measures.
 *
 * @param labels output labels for models without a manifest, or null (their accuracy is then unknown)
 * @param warmup untimed inferences before timing, so the JIT and caches settle
 * @param minRuns at least this many timed inferences (whole passes over the data; the first pass
 *     gives the accuracy)
 * @param threads PyTorch intra-op threads the process runs with
 * @param meter energy counter read around every timed run, or null for none
 * @param rounds times every model is loaded and timed, the models taking turns, so a noisy machine
 *     weighs on all of them alike; the round with the median p50 is reported
 * @param quantizedEngine run every int8 model on this engine instead of its manifest's, or null
 */
public record BenchSettings(
        List<String> labels, int warmup, int minRuns, int threads, EnergyCounter meter, int rounds,
        String quantizedEngine) {
    public BenchSettings {
        labels = labels == null ? null : List.copyOf(labels);
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
    }

    /** One round. */
    public BenchSettings(List<String> labels, int warmup, int minRuns, int threads, EnergyCounter meter) {
        this(labels, warmup, minRuns, threads, meter, 1, null);
    }
}
