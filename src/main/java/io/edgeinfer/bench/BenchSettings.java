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
 * @param meter energy source, or null for none
 */
public record BenchSettings(List<String> labels, int warmup, int minRuns, int threads, EnergyMeter meter) {
    public BenchSettings {
        labels = labels == null ? null : List.copyOf(labels);
    }
}
