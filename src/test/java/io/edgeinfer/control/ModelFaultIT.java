package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that turn bad while they serve (src/test/resources/models/make_fault_models.py): NaN from
 * their 201st call on, or ~2 s per call from then on. Nothing they fail on is published as a
 * prediction; the watch after a swap rolls them back; whatever serves, the device's health says so.
 */
class ModelFaultIT {
    /** Validation makes 1 + 3 + 10 calls, so a fault model serves 186 good windows first (~4 s at hop 8). */
    private static final String FAST_VALIDATION = "validation: {warmup_runs: 3, latency_runs: 10}";

    @TempDir
    Path dir;

    /** A daemon at 50 windows/s with quick validation and the given {@code rollback} section, serving. */
    private ControlHarness daemon(String device, String rollback) throws Exception {
        ControlHarness h = new ControlHarness(dir, device, 8, "", """
                allow_unsigned: true
                %s
                rollback: %s
                """.formatted(FAST_VALIDATION, rollback), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 20);
        return h;
    }

    /** Pushes a fault model from the model directory; it passes validation. */
    private static JsonNode pushed(ControlHarness h, String file, String version) throws Exception {
        JsonNode r = h.call("model", h.modelCommand(file, version));
        assertThat(r.get("ok").asBoolean()).as("passes validation: " + r).isTrue();
        return r;
    }

    @Test
    void aModelThatTurnsNanAfterItsValidationIsRolledBackAndNoNanIsPublished() throws Exception {
        try (ControlHarness h = daemon("fault-nan", "{watch_s: 120, min_windows: 20}")) {
            JsonNode r = pushed(h, "nan_after.pt", "nan");
            JsonNode rb = h.client.await(r.get("request_id").asText(), "rollback", 120_000);
            assertThat(rb).as("an automatic rollback").isNotNull();
            assertThat(rb.get("reason").asText()).contains("exceeds control.rollback.max_error_rate",
                    "NaN or infinity");
            assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
            assertFinitePredictionsOnly(h);
        }
    }

    @Test
    void aStartModelThatTurnsNanDegradesHealthCountsErrorsAndPublishesNothingForIt() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "fault-boot", "nan_after.pt", 8, "", "allow_unsigned: true",
                null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> degraded(h, "fails on"));
            assertThat(lastStatus(h).get("reason").asText()).contains("model vibration-mlp 1.0.0 fails on",
                    "not finite",
                    "nothing is published for them");
            JsonNode status = h.call("status", Json.mapper().createObjectNode());
            assertThat(status.get("health").get("model").asText()).isEqualTo("degraded");
            assertThat(status.get("health").get("inference_errors_total").asLong()).isPositive();
            assertThat(status.get("health").get("last_rollback").isNull()).as("nothing to roll back to").isTrue();
            long published = h.predictions().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.daemon.stats().errorsTotal() >= 100);
            assertThat(h.predictions().size()).as("failed windows publish nothing").isEqualTo(published);
            assertFinitePredictionsOnly(h);
        }
    }

    @Test
    void aModelThatStallsAfterItsWatchDegradesHealth() throws Exception {
        try (ControlHarness h = daemon("fault-stall", "{watch_s: 1, min_windows: 5}")) {
            pushed(h, "stall_after.pt", "stall");
            await().atMost(Duration.ofSeconds(90)).until(() -> degraded(h, "falls behind"));
            JsonNode status = h.call("status", Json.mapper().createObjectNode());
            assertThat(status.get("health").get("model").asText()).isEqualTo("degraded");
            assertThat(status.get("health").get("model_reason").asText()).contains(
                    "model vibration-mlp stall falls behind");
            assertThat(status.get("model").get("sha256").asText()).as("past its watch, it is not rolled back")
                    .isEqualTo(ControlHarness.shaOf(h.modelDir.resolve("stall_after.pt")));
        }
    }

    @Test
    void aModelThatStallsDuringItsWatchIsRolledBack() throws Exception {
        try (ControlHarness h = daemon("fault-stall-2", "{watch_s: 120, min_windows: 500}")) {
            JsonNode r = pushed(h, "stall_after.pt", "stall");
            JsonNode rb = h.client.await(r.get("request_id").asText(), "rollback", 120_000);
            assertThat(rb).as("an automatic rollback").isNotNull();
            assertThat(rb.get("reason").asText()).contains("falls behind");
            assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
            await().atMost(Duration.ofSeconds(30)).until(() -> !degraded(h, ""));
        }
    }

    private static JsonNode lastStatus(ControlHarness h) {
        List<JsonNode> s = h.probe.on(h.topic("status"));
        return s.isEmpty() ? Json.mapper().createObjectNode() : s.get(s.size() - 1);
    }

    private static boolean degraded(ControlHarness h, String reason) {
        JsonNode s = lastStatus(h);
        return "degraded".equals(s.path("health").asText()) && s.path("reason").asText().contains(reason);
    }

    private static void assertFinitePredictionsOnly(ControlHarness h) {
        assertThat(h.predictions()).allSatisfy(p -> {
            assertThat(p.get("confidence").isNumber()).as(p.toString()).isTrue();
            p.get("scores").forEach(v -> assertThat(v.isNumber()).as(p.toString()).isTrue());
        });
    }
}
