package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    final BenchRun run = BenchResults.run(List.of(
            BenchResults.ok("big", 0.99, 2.0, 123_456),
            BenchResults.ok("small", 0.97, 0.5, 4_321),
            BenchResults.failed("vib", "input [1, 3, 256] does not fit the data's [1, 3, 4]")));

    @Test
    void markdownHasOneRowPerModelWithItsFiguresAndTheProblemOfTheOneThatDidNotRun() {
        String md = BenchReport.markdown(run);
        assertThat(md).contains("Data: data.csv (100 samples, input [1, 3, 4])", "Energy: none", "(default x86)");
        assertThat(md).contains(
                "| big * | ok | 99.00 % | 2.000 | 4.000 | 6.000 | 200 | 1.00× | 123,456 | 1,000 | 400 | 5,000 | 12 | 3.5 | — | — | 4/4 |");
        assertThat(md).contains("| small * | ok | 97.00 % | 0.500 | 1.000 | 1.500 | 200 | 4.00× | 4,321 |");
        assertThat(md).contains("| vib | input [1, 3, 256] does not fit the data's [1, 3, 4] | — | — |");
        assertThat(md).contains("| model (accuracy per class) | x |", "| big | 99.00 % |");
        assertThat(md).contains("- vib: no manifest: MACs unknown");
    }

    @Test
    void jsonCarriesEveryFigureAndTheParetoFront() throws Exception {
        JsonNode root = new ObjectMapper().readTree(BenchReport.json(run));
        assertThat(root.get("samples").asInt()).isEqualTo(100);
        assertThat(root.get("energy_source").asText()).isEqualTo("none");
        JsonNode big = root.get("models").get(0);
        assertThat(big.get("name").asText()).isEqualTo("big");
        assertThat(big.get("accuracy").asDouble()).isEqualTo(0.99);
        assertThat(big.get("size_bytes").asLong()).isEqualTo(123_456);
        assertThat(big.get("params").asLong()).isEqualTo(1000);
        assertThat(big.get("nonzero_params").asLong()).isEqualTo(400);
        assertThat(big.get("macs").asLong()).isEqualTo(5000);
        assertThat(big.get("latency").get("p99").asDouble()).isEqualTo(6.0);
        assertThat(big.get("per_class").get("x").asDouble()).isEqualTo(0.99);
        JsonNode vib = root.get("models").get(2);
        assertThat(vib.get("problem").asText()).contains("does not fit");
        assertThat(vib.get("latency").isNull()).isTrue();
        assertThat(root.get("pareto_front")).extracting(JsonNode::asText).containsExactlyInAnyOrder("big", "small");
    }
}
