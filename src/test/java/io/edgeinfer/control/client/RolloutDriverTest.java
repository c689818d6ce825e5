package io.edgeinfer.control.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.fleet.Gate;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.mqtt.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How the operator reads a stage's reports: when it is over, and who failed what. */
class RolloutDriverTest {
    static JsonNode report(String json) throws Exception {
        return Json.mapper().readTree(
                ("{\"schema\": \"edgeinfer-fleet-report/1\", \"device_id\": \"d\", \"group\": \"g\", "
                        + "\"boot_id\": \"b\", \"ts_ms\": 1, \"pipeline\": \"main\", "
                        + "\"model\": {\"name\": \"m\", \"version\": \"1\", \"sha256\": \"" + "a".repeat(64) + "\"}, "
                        + json + "}"));
    }

    @Test
    void eachMemberIsJudgedByTheGateAndOneThatDidNotFinishFails() throws Exception {
        String figures = "\"shadow\": {\"windows\": 100, \"dropped\": 0, \"agreement\": %s, \"confusion\": {}, "
                + "\"candidate_ms\": {\"p50\": 1, \"p99\": 2}, \"serving_ms\": {\"p50\": 1, \"p99\": 2}, \"errors\": 0, "
                + "\"non_finite\": 0, \"elapsed_s\": 2}";
        Map<String, JsonNode> reports = new TreeMap<>(Map.of(
                "good", report(
                        "\"revision\": 3, \"stage\": 0, \"stage_kind\": \"shadow\", \"member\": true, \"state\": \"shadow_done\", "
                                + figures.formatted("0.99")),
                "poor", report(
                        "\"revision\": 3, \"stage\": 0, \"stage_kind\": \"shadow\", \"member\": true, \"state\": \"shadow_done\", "
                                + figures.formatted("0.5")),
                "slow", report(
                        "\"revision\": 3, \"stage\": 0, \"stage_kind\": \"shadow\", \"member\": true, \"state\": \"shadowing\", "
                                + figures.formatted("0.99")),
                "out", report(
                        "\"revision\": 3, \"stage\": 0, \"stage_kind\": \"shadow\", \"member\": false, \"state\": \"not_member\"")));
        Map<String, List<String>> f = RolloutDriver.judge(reports, 3, Stage.Kind.SHADOW, Gate.parse("agreement>=0.97"));
        assertThat(f).containsOnlyKeys("good", "poor", "slow");
        assertThat(f.get("good")).isEmpty();
        assertThat(f.get("poor")).containsExactly("agreement 0.5000, not >= 0.9700");
        assertThat(f.get("slow")).containsExactly("did not finish the stage in time (shadowing)");
        assertThat(ReportTable.format(reports, f)).contains("poor", "agreement 0.5000", "0:shadow (out)").hasLineCount(
                5);
    }
}
