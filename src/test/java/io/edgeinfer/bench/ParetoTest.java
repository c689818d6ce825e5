package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoTest {
    @Test
    void theFrontKeepsModelsNothingBeatsOnBothAccuracyAndLatency() {
        List<ModelResult> rs = List.of(
                BenchResults.ok("fast", 0.90, 0.1, 10),
                BenchResults.ok("accurate", 0.99, 1.0, 10),
                BenchResults.ok("middle", 0.95, 0.5, 10),
                BenchResults.ok("dominated", 0.94, 0.6, 10),
                BenchResults.ok("tie-slower", 0.90, 0.2, 10),
                BenchResults.failed("broken", "rejects input"));
        assertThat(Pareto.front(rs)).containsExactlyInAnyOrder("fast", "accurate", "middle");
    }

    @Test
    void equalModelsAreBothOnTheFront() {
        assertThat(Pareto.front(List.of(BenchResults.ok("a", 0.9, 0.1, 1), BenchResults.ok("b", 0.9, 0.1, 1))))
                .containsExactlyInAnyOrder("a", "b");
    }
}
