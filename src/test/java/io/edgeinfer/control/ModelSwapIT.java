package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.SeqAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A verified hot swap under load (200 windows/s), then a restart and a rollback, on the real broker and models. */
class ModelSwapIT {
    /** hop 2 at 400 Hz. */
    private static final long WINDOW_STEP_MS = 5;

    @TempDir
    Path dir;

    @Test
    void aSwapUnderLoadLosesNoWindowAndEveryLaterPredictionNamesTheNewModel() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "swap-1", 2, "", "allow_unsigned: true", null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.predictions().size() >= 400);
            JsonNode r = h.call("model", h.modelCommand("vibration_fp32.pt", "2.0.0"));
            assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("error").isNull()).isTrue();
            assertThat(r.get("model").get("sha256").asText()).isEqualTo(ControlHarness.FP32);
            assertThat(r.get("previous").get("sha256").asText()).isEqualTo(ControlHarness.INT8);
            assertThat(r.get("validation").get("p99_ms").asDouble()).isPositive();
            long swappedAt = h.lastSeq();
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= swappedAt + 400);
            h.stop();
            long made = h.daemon.stats().inferencesTotal();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.predictions().size() >= made);
            SeqAudit audit = new SeqAudit(h.probe.received(h.topic("predictions")));
            assertThat(audit.problems()).as("seq gaps or duplicates").isEmpty();
            assertThat(audit.distinct(h.daemon.bootId())).isEqualTo((int) made);
            TreeMap<Long, JsonNode> bySeq = new TreeMap<>();
            h.predictions().forEach(p -> bySeq.putIfAbsent(p.get("seq").asLong(), p));
            checkWindowsAndModels(new ArrayList<>(bySeq.values()));
            assertThat(h.probe.on(h.topic("status")).get(h.probe.on(h.topic("status")).size() - 1)
                    .get("model").get("sha256").asText()).as("the retained status names the new model").isEqualTo(
                            ControlHarness.FP32);

            // The swap is persisted: a restart serves the new model; a rollback goes back and is persisted too.
            assertThat(new ConfigLoader(Map.of()).load(h.configFile).first().model().path().toString()).contains(
                    "installed");
            h.start();
            assertThat(h.servingAfter(-1)).isEqualTo(ControlHarness.FP32);
            JsonNode back = h.call("rollback", Json.mapper().createObjectNode());
            assertThat(back.get("ok").asBoolean()).as(back.toString()).isTrue();
            assertThat(back.get("automatic").asBoolean()).isFalse();
            assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
            assertThat(new ConfigLoader(Map.of()).load(h.configFile).first().model().path()).isEqualTo(h.modelDir
                    .resolve("vibration_int8.pt"));
            try (var installed = Files.list(h.modelDir.resolve("installed"))) {
                assertThat(installed.filter(p -> p.toString().endsWith(".pt")).toList())
                        .as("the rolled-back version is pruned: the history no longer needs it").isEmpty();
            }
            JsonNode none = h.call("rollback", Json.mapper().createObjectNode());
            assertThat(none.get("code").asText()).isEqualTo("no_previous_version");
        }
    }

    /** Every window once, in order, across the swap; the model changes exactly once; latency around it. */
    private static void checkWindowsAndModels(List<JsonNode> preds) {
        int switches = 0;
        int firstNew = -1;
        for (int i = 1; i < preds.size(); i++) {
            JsonNode a = preds.get(i - 1);
            JsonNode b = preds.get(i);
            assertThat(b.get("window_start_ms").asLong() - a.get("window_start_ms").asLong())
                    .as("window after seq %d: none skipped, none repeated", a.get("seq").asLong()).isEqualTo(
                            WINDOW_STEP_MS);
            if (!a.get("model").get("sha256").asText().equals(b.get("model").get("sha256").asText())) {
                switches++;
                firstNew = i;
                assertThat(b.get("model").get("sha256").asText()).isEqualTo(ControlHarness.FP32);
                assertThat(b.get("model").get("version").asText()).isEqualTo("2.0.0");
            }
        }
        assertThat(switches).as("one switch from the old model to the new").isEqualTo(1);
        assertThat(preds.get(0).get("model").get("sha256").asText()).isEqualTo(ControlHarness.INT8);
        System.out.printf(Locale.ROOT,
                "swap at seq %d: p99 latency_ms.total %.3f around the swap (+-200 windows), %.3f steady before%n",
                preds.get(firstNew).get("seq").asLong(), p99(preds.subList(Math.max(0, firstNew - 200), firstNew
                        + 200)),
                p99(preds.subList(0, Math.max(1, firstNew - 200))));
    }

    private static double p99(List<JsonNode> preds) {
        List<Double> v = preds.stream().map(p -> p.get("latency_ms").get("total").asDouble()).sorted(Comparator
                .naturalOrder()).toList();
        return v.get((int) Math.ceil(0.99 * v.size()) - 1);
    }
}
