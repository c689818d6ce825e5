package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.SeqAudit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated payloads on every command topic (bounded: a fixed seed and count): every one is
 * answered with a structured result, and the daemon keeps serving without a gap.
 */
class CommandFuzzIT {
    private static final List<String> TOPICS = List.of("model", "model/chunk", "config", "rollback", "status",
            "rebirth",
            "bogus", "model/chunk/extra");
    private static final int PER_TOPIC = 30;
    private static final int OUTSTANDING = 16;
    private static final Set<String> CODES = Set.of("malformed", "bad_request", "too_large", "unknown_command",
            "not_enabled",
            "no_previous_version", "bad_url", "not_found", "outside_model_dir", "host_not_allowed", "sha256_mismatch",
            "transfer_unknown", "chunks_missing", "chunk_duplicate", "chunk_mismatch", "invalid_config", "bad_golden",
            "download_failed", "restart_failed");

    @TempDir
    Path dir;

    private final Random rnd = new Random(6);

    @Test
    void everyRandomOrMutatedCommandGetsAStructuredAnswerAndServingGoesOn() throws Exception {
        try (ControlHarness h = new ControlHarness(dir, "fuzz-1", 16, "", "allow_unsigned: true", null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 10);
            int sent = 0;
            Set<String> ids = new HashSet<>();
            for (int round = 0; round < PER_TOPIC; round++) {
                for (String name : TOPICS) {
                    byte[] payload = payload(h, name, ids);
                    h.client.publishRaw(h.topic("cmd/" + name), payload);
                    sent++;
                    int waitFor = sent - OUTSTANDING;
                    await().atMost(Duration.ofSeconds(60)).until(() -> h.answers().size() >= waitFor);
                }
            }
            int total = sent;
            await().atMost(Duration.ofSeconds(120)).until(() -> h.answers().size() >= total);
            List<JsonNode> answers = h.answers();
            assertThat(answers).hasSize(total);
            Set<String> answered = new HashSet<>();
            int refused = 0;
            for (JsonNode a : answers) {
                assertThat(TOPICS).contains(a.get("command").asText());
                assertThat(a.get("ok").isBoolean()).as(a.toString()).isTrue();
                assertThat(a.get("ts_ms").isIntegralNumber()).isTrue();
                if (!a.get("request_id").isNull()) {
                    assertThat(ids).as("echoes a request id that was sent").contains(a.get("request_id").asText());
                    assertThat(answered.add(a.get("request_id").asText())).as("answered once: " + a).isTrue();
                }
                if (!a.get("ok").asBoolean()) {
                    refused++;
                    assertThat(a.get("error").asText()).as(a.toString()).isNotBlank();
                    assertThat(CODES).as(a.toString()).contains(a.get("code").asText());
                }
            }
            assertThat(refused).as("nearly everything is refused").isGreaterThan(total * 3 / 4);

            long seq = h.lastSeq();
            assertThat(h.servingAfter(seq + 10)).isEqualTo(ControlHarness.INT8);
            assertThat(h.call("status", Json.mapper().createObjectNode()).get("ok").asBoolean()).isTrue();
            assertThat(h.daemon.fatal().isDone()).isFalse();
            h.stop();
            long made = h.daemon.stats().inferencesTotal();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.predictions().size() >= made);
            assertThat(new SeqAudit(h.probe.received(h.topic("predictions"))).problems()).isEmpty();
        }
    }

    private byte[] payload(ControlHarness h, String name, Set<String> ids) throws Exception {
        switch (rnd.nextInt(6)) {
            case 0 : {
                byte[] b = new byte[rnd.nextInt(200)];
                rnd.nextBytes(b);
                return b;
            }
            case 1 :
                return randomValue(3).toString().getBytes(StandardCharsets.UTF_8);
            case 2 : {
                String valid = valid(h, name, ids).toString();
                return valid.substring(0, rnd.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
            }
            case 3 :
                return ("{\"request_id\":\"dup\",\"request_id\":\"dup\"" + (rnd.nextBoolean() ? "}" : ",")).getBytes(
                        StandardCharsets.UTF_8);
            default :
                return mutate(valid(h, name, ids), ids).toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A plausible command for the topic (never one that can swap a model: the sha256 is random). */
    private ObjectNode valid(ControlHarness h, String name, Set<String> ids) {
        String id = "fz-" + ids.size();
        ids.add(id);
        ObjectNode c = Json.mapper().createObjectNode().put("request_id", id);
        switch (name) {
            case "model" -> c.put("name", "m").put("version", "v" + rnd.nextInt(9)).put("sha256", hex(32))
                    .put("url", List.of(h.modelDir.resolve("vibration_fp32.pt").toUri().toString(),
                            "https://x.example/m.pt",
                            "chunks:t" + rnd.nextInt(3), "file:///etc/hostname", "ftp://x/y").get(rnd.nextInt(5)));
            case "model/chunk", "model/chunk/extra" -> c.put("transfer_id", "t" + rnd.nextInt(3)).put("index", rnd
                    .nextInt(4))
                    .put("total", 3).put("data", Base64.getEncoder().encodeToString(new byte[rnd.nextInt(64)]));
            case "config" -> c.set("patch", Json.mapper().createObjectNode().set(
                    List.of("telemetry", "control", "window", "bogus", "mqtt").get(rnd.nextInt(5)),
                    Json.mapper().createObjectNode().set(List.of("interval_s", "keep_versions", "hop", "qos", "x").get(
                            rnd.nextInt(5)),
                            randomValue(1))));
            default -> {
            }
        }
        return c;
    }

    private JsonNode mutate(ObjectNode c, Set<String> ids) {
        List<String> keys = new ArrayList<>();
        c.fieldNames().forEachRemaining(keys::add);
        String k = keys.get(rnd.nextInt(keys.size()));
        switch (rnd.nextInt(6)) {
            case 0 -> c.remove(k);
            case 1 -> c.set(k, randomValue(2));
            case 2 -> c.set("x" + rnd.nextInt(100), randomValue(1));
            case 3 -> c.put(k, "A".repeat(200_000));
            case 4 -> {
                JsonNode deep = Json.mapper().createArrayNode();
                for (int i = 0; i < 100; i++) {
                    deep = Json.mapper().createArrayNode().add(deep);
                }
                c.set(k, deep);
            }
            default -> {
                JsonNode id = randomValue(0);
                c.set("request_id", id);
                if (id.isTextual()) {
                    ids.add(id.asText());
                }
            }
        }
        return c;
    }

    private JsonNode randomValue(int depth) {
        var f = Json.mapper().getNodeFactory();
        int kind = rnd.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(rnd.nextBoolean());
            case 2 -> f.numberNode(rnd.nextLong());
            case 3 -> f.numberNode(rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20));
            case 4 -> f.textNode(hex(rnd.nextInt(20)));
            case 5 -> f.textNode("../../" + hex(4) + "\u0000\n\"");
            case 6 -> f.numberNode(-rnd.nextInt(1000));
            case 7 -> f.arrayNode().add(randomValue(depth - 1)).add(randomValue(depth - 1));
            default -> f.objectNode().set("k" + rnd.nextInt(5), randomValue(depth - 1));
        };
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        rnd.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
