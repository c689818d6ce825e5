package io.edgeinfer.bench;

import java.util.List;
import java.util.Map;

/** Hand-made bench results for the report and plot tests. */
final class BenchResults {
    private BenchResults() {
    }

    static ModelResult ok(String name, double accuracy, double p50, long size) {
        return new ModelResult(name, "/m/" + name + ".pt", size, "ab".repeat(32), null, 1000L, 400L, "manifest", 5000L,
                accuracy, Map.of("x", accuracy), new LatencyStats(100, 0.5, p50, p50 * 2, p50 * 3, p50 * 4), 200.0,
                12.0, 3.5,
                null, null, null, "4/4", List.of());
    }

    static ModelResult failed(String name, String problem) {
        return new ModelResult(name, "/m/" + name + ".pt", 777, "cd".repeat(32), problem, null, null, null, null, null,
                Map.of(), null, null, null, null, null, null, null, null, List.of("no manifest: MACs unknown"));
    }

    static BenchRun run(List<ModelResult> models) {
        return new BenchRun("data.csv", 100, List.of(1L, 3L, 4L), List.of("x"), "Linux amd64, 2 CPUs", 1, "none",
                List.of("qnnpack", "x86"), "x86", models);
    }
}
