package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two checkouts whose configs name one state folder (as every config without a path of its own did):
 * neither sees, rolls back to or deletes the other's model versions, and neither rewrites its config
 * to point at the other's files.
 */
class SharedStateIT {
    @TempDir
    Path dir;

    @Test
    void aRollbackInOneCheckoutNeverReachesForTheOthersModels() throws Exception {
        String shared = "allow_unsigned: true\nstate_dir: " + dir.resolve("shared-state");
        Path a = Files.createDirectories(dir.resolve("checkout-a"));
        try (ControlHarness h = new ControlHarness(a, "press-a", 32, "", shared, null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 5);
            JsonNode swapped = h.call("model", h.modelCommand("vibration_fp32.pt", "2.0.0"));
            assertThat(swapped.get("ok").asBoolean()).as(swapped.toString()).isTrue();
        }
        Path b = Files.createDirectories(dir.resolve("checkout-b"));
        try (ControlHarness h = new ControlHarness(b, "press-b", 32, "", shared, null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 5);
            String before = Files.readString(h.configFile);
            JsonNode rollback = h.call("rollback", Json.mapper().createObjectNode());
            assertThat(rollback.path("code").asText()).as(rollback.toString()).isEqualTo("no_previous_version");
            assertThat(Files.readString(h.configFile)).as("b's config still names b's model").isEqualTo(before);
            JsonNode status = h.call("status", Json.mapper().createObjectNode());
            assertThat(status.get("versions")).hasSize(1);
            assertThat(status.get("versions").get(0).get("path").asText()).startsWith(b.toString());
        }
        try (ControlHarness h = new ControlHarness(dir.resolve("checkout-a-again"), "press-a", 32, "", shared, null)) {
            // The same state folder, a third config: a's versions stay a's. (Asked once the daemon
            // publishes: a command sent before it has subscribed is lost.)
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 0);
            JsonNode status = h.call("status", Json.mapper().createObjectNode());
            assertThat(status.get("versions")).hasSize(1);
        }
        assertThat(Files.list(a.resolve("models/installed")).filter(p -> p.toString().endsWith(".pt")).count())
                .as("a's installed version was not pruned by b").isEqualTo(1);
        assertThat(new ConfigLoader(Map.of()).load(a.resolve("edge.yaml")).first().model().path().toString()).contains(
                "installed");
    }
}
