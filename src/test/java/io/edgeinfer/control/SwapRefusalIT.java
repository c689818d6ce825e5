package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.mqtt.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a model swap is refused, on one signed-commands daemon: each answer names what is wrong,
 * and the old model keeps serving with nothing left behind in the model store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwapRefusalIT {
    @TempDir
    static Path dir;

    private final KeyPair trusted = Ed25519Keys.generate();
    private final KeyPair stranger = Ed25519Keys.generate();
    private ControlHarness h;

    @BeforeAll
    void start() throws Exception {
        h = new ControlHarness(dir, "refuse-1", 32, "latency_budget_ms: 200", """
                trusted_keys: [%s]
                validation: {warmup_runs: 3, latency_runs: 20}
                max_model_bytes: 100000
                https: {allowed_hosts: [models.example.com]}
                """.formatted(Base64.getEncoder().encodeToString(trusted.getPublic().getEncoded())), trusted
                .getPrivate());
        await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 5);
    }

    @AfterAll
    void stop() throws Exception {
        h.close();
    }

    /** Whatever was refused: the old model still serves, and no file is left in the store. */
    @AfterEach
    void oldModelStillServes() throws Exception {
        assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
        assertThat(h.daemon.model().info().sha256()).isEqualTo(ControlHarness.INT8);
        Path installed = h.modelDir.resolve("installed");
        if (Files.isDirectory(installed)) {
            try (var files = Files.list(installed)) {
                assertThat(files.filter(p -> p.getFileName().toString().endsWith(".pt")).toList()).isEmpty();
            }
        }
    }

    private ObjectNode signedModel(String file, String version) throws Exception {
        ObjectNode cmd = h.modelCommand(file, version);
        return cmd.put("signature", signature(cmd.get("sha256").asText()));
    }

    private String signature(String sha) throws Exception {
        return Base64.getEncoder().encodeToString(Ed25519Keys.sign(trusted.getPrivate(), HexFormat.of().parseHex(sha)));
    }

    private void refused(JsonNode r, String code, String text) {
        assertThat(r.get("ok").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.get("code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(r.get("error").asText()).contains(text);
    }

    private void refused(String command, ObjectNode body, String code, String text) throws Exception {
        refused(h.call(command, body), code, text);
    }

    @Test
    void aCorruptFile() throws Exception {
        byte[] good = Files.readAllBytes(h.modelDir.resolve("vibration_int8.pt"));
        Files.write(h.modelDir.resolve("corrupt.pt"), Arrays.copyOf(good, good.length / 2));
        refused("model", signedModel("corrupt.pt", "2"), "not_a_model", "not a loadable TorchScript model");
    }

    @Test
    void aWrongSha256() throws Exception {
        ObjectNode cmd = h.modelCommand("late_fail.pt", "2").put("sha256", ControlHarness.FP32);
        cmd.put("signature", signature(ControlHarness.FP32));
        refused("model", cmd, "sha256_mismatch", "the command says " + ControlHarness.FP32);
    }

    @Test
    void aBadOrMissingModelSignature() throws Exception {
        refused("model", h.modelCommand("late_fail.pt", "2").put("signature", signature(ControlHarness.FP32)),
                "bad_signature", "does not verify with any key");
        refused("model", h.modelCommand("late_fail.pt", "2"), "missing_signature", "signature is required");
        refused("model", h.modelCommand("late_fail.pt", "2").put("signature", "%%%"), "bad_signature", "not base64");
    }

    @Test
    void modelsThatDoNotFitOrMisbehave() throws Exception {
        refused("model", signedModel("wrong_shape.pt", "2"), "wrong_input_shape", "rejects input of shape [1, 3, 256]");
        refused("model", signedModel("wrong_labels.pt", "2"), "wrong_label_count", "3 outputs but 4 labels");
        refused("model", signedModel("nan.pt", "2"), "non_finite_output", "non-finite");
        refused("model", signedModel("slow.pt", "2"), "too_slow", "exceeds model.latency_budget_ms 200.0");
    }

    @Test
    void goldenSamplesMustBeRight() throws Exception {
        ObjectNode cmd = signedModel("late_fail.pt", "2");
        float[] zeros = new float[768];
        cmd.putArray("golden").add(sample(zeros, "normal")).add(sample(zeros, "imbalance"));
        refused("model", cmd, "golden_failed", "of 2 golden samples (from the command) labelled wrong");
        cmd.putArray("golden").add(sample(new float[10], "normal"));
        refused("model", cmd, "bad_golden",
                "golden[0] input has 10 values; the pipeline's windows have 768 (the product of the input dims");
        // The same from the compression pipeline's manifest beside the file; a command without golden samples uses it.
        Files.copy(h.modelDir.resolve("late_fail.pt"), h.modelDir.resolve("manifested.pt"));
        ObjectNode manifest = Json.mapper().createObjectNode().put("name", "manifested");
        manifest.putArray("labels").add("normal").add("imbalance").add("misalignment").add("bearing_fault");
        manifest.putObject("input").putArray("shape").add(1).add(3).add(256);
        String zerosB64 = Base64.getEncoder().encodeToString(new byte[768 * Float.BYTES]);
        manifest.putArray("golden").add(Json.mapper().createObjectNode().put("label", "normal").put(
                "input_f32le_base64", zerosB64))
                .add(Json.mapper().createObjectNode().put("label", "bearing_fault").put("input_f32le_base64",
                        zerosB64));
        Files.write(h.modelDir.resolve("manifested.json"), Json.encode(manifest));
        refused("model", signedModel("manifested.pt", "2"), "golden_failed",
                "(from the manifest beside manifested.pt)");
    }

    private static ObjectNode sample(float[] x, String label) {
        ObjectNode s = Json.mapper().createObjectNode().put("label", label);
        var a = s.putArray("input");
        for (float v : x) {
            a.add(v);
        }
        return s;
    }

    @Test
    void anOversizeFile() throws Exception {
        refused("model", signedModel("vibration_fp32.pt", "2"), "too_large", "control.max_model_bytes (100000 bytes)");
    }

    @Test
    void filesOutsideTheModelDirectory() throws Exception {
        Files.copy(h.modelDir.resolve("late_fail.pt"), dir.resolve("outside.pt"));
        ObjectNode traversal = signedModel("late_fail.pt", "2").put("url", h.modelDir.toUri() + "../outside.pt");
        refused("model", traversal, "outside_model_dir", "is outside control.model_dir");
        Files.createSymbolicLink(h.modelDir.resolve("link.pt"), dir.resolve("outside.pt"));
        refused("model", signedModel("link.pt", "2"), "outside_model_dir", "resolves to " + dir.resolve("outside.pt"));
        refused("model", signedModel("late_fail.pt", "2").put("url", "file:///etc/passwd"), "outside_model_dir",
                "/etc/passwd");
    }

    @Test
    void aHostNotOnTheAllowList() throws Exception {
        refused("model", signedModel("late_fail.pt", "2").put("url", "https://evil.example.net/m.pt"),
                "host_not_allowed",
                "evil.example.net:443 is not in control.https.allowed_hosts [models.example.com]");
        refused("model", signedModel("late_fail.pt", "2").put("url", "http://models.example.com/m.pt"), "bad_url",
                "must be file://, https:// or chunks:ID");
    }

    @Test
    void unsignedUnknownStaleAndReplayedCommands() throws Exception {
        try (ControlClient unsigned = new ControlClient(h.broker.url(), h.client.base(), new CommandSigner(null, Clock
                .systemUTC()));
                ControlClient other = new ControlClient(h.broker.url(), h.client.base(),
                        new CommandSigner(stranger.getPrivate(), Clock.systemUTC()));
                ControlClient late = new ControlClient(h.broker.url(), h.client.base(),
                        new CommandSigner(trusted.getPrivate(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(
                                -10))))) {
            refused(answer(unsigned, "rollback"), "unsigned", "command is not signed");
            refused(answer(other, "rollback"), "unknown_key", "is not in control.trusted_keys");
            refused(answer(late, "rollback"), "stale", "600 s old");
        }
        String topic = h.topic("cmd/status");
        byte[] once = new CommandSigner(trusted.getPrivate(), Clock.systemUTC()).sign(topic,
                Json.mapper().createObjectNode().put("request_id", "replay-1"));
        h.client.publishRaw(topic, once);
        h.client.publishRaw(topic, once);
        await().atMost(Duration.ofSeconds(30)).until(() -> answers("replay-1").size() == 2);
        assertThat(answers("replay-1").get(0).get("ok").asBoolean()).isTrue();
        refused(answers("replay-1").get(1), "replayed", "was already used");
        String tampered = new String(once, StandardCharsets.UTF_8).replace("replay-1", "replay-2");
        h.client.publishRaw(topic, tampered.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> answers("replay-2").size() == 1);
        refused(answers("replay-2").get(0), "bad_signature", "does not verify");
    }

    private JsonNode answer(ControlClient c, String command) throws Exception {
        String id = c.send(command, Json.mapper().createObjectNode());
        JsonNode r = c.await(id, command, 30_000);
        assertThat(r).as("answer to " + id).isNotNull();
        return r;
    }

    private List<JsonNode> answers(String requestId) {
        return h.client.results().stream().filter(r -> requestId.equals(r.path("request_id").asText(null))).toList();
    }

    @Test
    void malformedJson() throws Exception {
        h.client.publishRaw(h.topic("cmd/config"), "{\"request_id\": \"m-1\", \"patch\": {".getBytes(
                StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> h.client.results().stream()
                .anyMatch(r -> "malformed".equals(r.path("code").asText()) && r.get("command").asText().equals(
                        "config")));
        JsonNode r = h.client.results().stream().filter(x -> "malformed".equals(x.path("code").asText())).findFirst()
                .orElseThrow();
        assertThat(r.get("request_id").isNull()).as("an unreadable command has no request id to echo").isTrue();
        refused(r, "malformed", "not valid JSON");
    }

    @Test
    void aChunkMissingOrDuplicated() throws Exception {
        byte[] bytes = Files.readAllBytes(h.modelDir.resolve("late_fail.pt"));
        int size = (bytes.length + 2) / 3;
        assertThat(h.call("model/chunk", chunk("tx-1", 0, 3, bytes, size)).get("ok").asBoolean()).isTrue();
        JsonNode second = h.call("model/chunk", chunk("tx-1", 2, 3, bytes, size));
        assertThat(second.get("received").asInt()).isEqualTo(2);
        refused("model", signedModel("late_fail.pt", "2").put("url", "chunks:tx-1"), "chunks_missing", "missing [1]");
        h.call("model/chunk", chunk("tx-2", 0, 3, bytes, size));
        refused("model/chunk", chunk("tx-2", 0, 3, bytes, size), "chunk_duplicate",
                "chunk 0 of transfer tx-2 arrived twice");
        refused("model", signedModel("late_fail.pt", "2").put("url", "chunks:tx-2"), "transfer_unknown",
                "no chunks of transfer tx-2");
    }

    private static ObjectNode chunk(String id, int index, int total, byte[] bytes, int size) {
        return Json.mapper().createObjectNode().put("transfer_id", id).put("index", index).put("total", total)
                .put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, index * size,
                        Math.min(bytes.length, (index + 1) * size))));
    }
}
