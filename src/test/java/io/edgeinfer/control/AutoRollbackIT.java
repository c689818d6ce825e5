package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that pass validation and then misbehave while serving: the health watch rolls them back by
 * itself, says so on {@code cmd/result} and {@code status}, and the old model serves again.
 */
class AutoRollbackIT {
    @TempDir
    Path dir;

    @Test
    void aModelThatFailsOrSlowsDownAfterTheSwapIsRolledBackAutomatically() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "rollback-1", 8, "", """
                allow_unsigned: true
                rollback: {watch_s: 120, min_windows: 20}
                """, null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 20);
            rolledBack(h, "late_fail.pt", "exceeds control.rollback.max_error_rate 5.0 %");
            rolledBack(h, "late_slow.pt", "p99 inference time");

            JsonNode status = h.call("status", Json.mapper().createObjectNode());
            assertThat(status.get("ok").asBoolean()).isTrue();
            JsonNode last = status.get("health").get("last_rollback");
            assertThat(last.get("automatic").asBoolean()).isTrue();
            assertThat(last.get("reason").asText()).contains("p99 inference time");
            assertThat(last.get("model").get("sha256").asText()).isEqualTo(ControlHarness.INT8);
            assertThat(status.get("model").get("sha256").asText()).isEqualTo(ControlHarness.INT8);
            assertThat(status.get("versions")).hasSize(1);
            assertThat(status.get("versions").get(0).get("serving").asBoolean()).isTrue();
            assertThat(status.get("health").get("inference_errors_total").asLong()).isPositive();
            assertThat(new ConfigLoader(Map.of()).load(h.configFile).first().model().path())
                    .as("the rollback is persisted").isEqualTo(h.modelDir.resolve("vibration_int8.pt"));
        }
    }

    private static void rolledBack(ControlHarness h, String file, String reason) throws Exception {
        String bad = ControlHarness.shaOf(h.modelDir.resolve(file));
        JsonNode r = h.call("model", h.modelCommand(file, "bad"));
        assertThat(r.get("ok").asBoolean()).as("passes validation: " + r).isTrue();
        String id = r.get("request_id").asText();
        long swapped = h.lastSeq();
        JsonNode rb = h.client.await(id, "rollback", 120_000);
        assertThat(rb).as("an automatic rollback answer for " + id).isNotNull();
        assertThat(rb.get("ok").asBoolean()).as(rb.toString()).isTrue();
        assertThat(rb.get("automatic").asBoolean()).isTrue();
        assertThat(rb.get("reason").asText()).contains(reason);
        assertThat(rb.get("previous").get("sha256").asText()).isEqualTo(bad);
        assertThat(rb.get("model").get("sha256").asText()).isEqualTo(ControlHarness.INT8);
        assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
        assertThat(h.predictions().stream().filter(p -> p.get("seq").asLong() > swapped)
                .anyMatch(p -> p.get("model").get("sha256").asText().equals(bad)))
                .as("the bad model did serve before it was rolled back").isTrue();
    }
}
