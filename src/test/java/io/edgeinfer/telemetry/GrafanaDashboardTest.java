package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is an importable Grafana dashboard: the structure Grafana's import needs, a data
 * source input that every query uses, and panels for what the issue asked to see. Whether its
 * metrics exist is checked against a real scrape in GrafanaDashboardIT.
 */
class GrafanaDashboardTest {
    private final GrafanaDashboard dashboard = new GrafanaDashboard();
    private final JsonNode root = dashboard.root();

    @Test
    void hasWhatAnImportNeeds() {
        assertThat(root.get("title").asText()).isNotBlank();
        assertThat(root.get("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(root.get("schemaVersion").isInt()).isTrue();
        assertThat(root.get("id").isNull()).as("ids are assigned by the importing Grafana").isTrue();
        JsonNode input = root.get("__inputs").get(0);
        assertThat(input.get("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.get("type").asText()).isEqualTo("datasource");
        assertThat(input.get("pluginId").asText()).isEqualTo("prometheus");
        assertThat(root.get("time").get("from").asText()).isNotBlank();
    }

    @Test
    void panelsHaveUniqueIdsFitTheGridAndDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        root.get("panels").forEach(p -> assertThat(ids.add(p.get("id").asInt())).as("unique id %s", p.get("id"))
                .isTrue());
        List<JsonNode> all = List.copyOf(iterable(root.get("panels")));
        for (JsonNode p : all) {
            JsonNode g = p.get("gridPos");
            assertThat(g.get("x").asInt() + g.get("w").asInt()).as("%s fits 24 columns", p.get("title"))
                    .isLessThanOrEqualTo(24);
            assertThat(g.get("h").asInt()).isPositive();
            for (JsonNode o : all) {
                if (o != p) {
                    assertThat(overlap(g, o.get("gridPos"))).as("%s overlaps %s", p.get("title"), o.get("title"))
                            .isFalse();
                }
            }
        }
    }

    @Test
    void everyQueryUsesTheImportedDataSourceAndHasItsOwnRefId() {
        assertThat(dashboard.panels()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("type").asText()).isIn("timeseries", "stat");
            assertThat(p.get("datasource").get("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
            Set<String> refs = new HashSet<>();
            p.get("targets").forEach(t -> {
                assertThat(t.get("expr").asText()).isNotBlank();
                assertThat(refs.add(t.get("refId").asText())).isTrue();
            });
            assertThat(p.get("fieldConfig").get("defaults").get("unit").asText()).isNotBlank();
        });
        assertThat(dashboard.expressions()).allSatisfy(e -> assertThat(balanced(e)).as("balanced: %s", e).isTrue());
    }

    @Test
    void showsLatencyThroughputPowerEnergyTemperatureThrottlingAndDrops() {
        assertThat(dashboard.metrics().keySet()).contains(
                "edgeinfer_inference_seconds_bucket", "edgeinfer_publish_seconds_bucket",
                "edgeinfer_preprocess_seconds_bucket",
                "edgeinfer_inference_seconds_count", "edgeinfer_power_watts", "edgeinfer_energy_per_inference_joules",
                "edgeinfer_cpu_temperature_celsius", "edgeinfer_throttled", "edgeinfer_windows_dropped_total");
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.get("x").asInt() < b.get("x").asInt() + b.get("w").asInt() && b.get("x").asInt() < a.get("x").asInt()
                + a.get("w").asInt()
                && a.get("y").asInt() < b.get("y").asInt() + b.get("h").asInt() && b.get("y").asInt() < a.get("y")
                        .asInt() + a.get("h").asInt();
    }

    private static boolean balanced(String expr) {
        int round = 0;
        int curly = 0;
        int square = 0;
        for (char c : expr.toCharArray()) {
            round += c == '(' ? 1 : c == ')' ? -1 : 0;
            curly += c == '{' ? 1 : c == '}' ? -1 : 0;
            square += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (round < 0 || curly < 0 || square < 0) {
                return false;
            }
        }
        return round == 0 && curly == 0 && square == 0;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
