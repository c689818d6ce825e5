package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.model.QuantizedEngines;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swaps between models made for different quantized engines, on a daemon whose boot model has no
 * manifest (so no engine is pinned at start): the first int8 model brings its engine, a model made
 * for another engine is then refused, and float models go anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineSwapIT {
    @TempDir
    static Path dir;

    private ControlHarness h;
    private QuantizedEngines engines;
    private String before;

    @BeforeAll
    void start() throws Exception {
        engines = QuantizedEngines.open();
        before = engines.current();
        h = new ControlHarness(dir, "engine-1", 32, "", "allow_unsigned: true\nrollback: {watch_s: 0}", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 3);
        // The same int8 bytes under three names, each with a manifest naming its engine.
        JsonNode manifest = Json.mapper().readTree(ControlHarness.REPO_MODELS.resolve("vibration_int8.json").toFile());
        for (String engine : List.of("qnnpack", "x86")) {
            Files.copy(h.modelDir.resolve("vibration_int8.pt"), h.modelDir.resolve("int8_" + engine + ".pt"));
            ObjectNode m = manifest.deepCopy();
            ((ObjectNode) m.get("quantized")).put("backend", engine);
            Json.mapper().writeValue(h.modelDir.resolve("int8_" + engine + ".json").toFile(), m);
        }
        Files.copy(ControlHarness.REPO_MODELS.resolve("vibration_fp32.json"), h.modelDir.resolve(
                "vibration_fp32.json"));
    }

    @AfterAll
    void stop() throws Exception {
        h.close();
        engines.set(before);
    }

    @Test
    void theFirstInt8ModelBringsItsEngineAndAModelForAnotherIsThenRefused() throws Exception {
        assumeTrue(engines.supported().contains("x86"), "this libtorch lacks the x86 engine " + engines.supported());
        engines.set("x86"); // as libtorch starts on x86-64; the boot model (no manifest) did not pin it

        JsonNode r = h.call("model", h.modelCommand("int8_qnnpack.pt", "2"));
        assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(engines.current()).isEqualTo("qnnpack");
        try (Stream<Path> installed = Files.list(h.modelDir.resolve("installed"))) {
            assertThat(installed.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("vibration-mlp-2-")
                    && n.endsWith(".json"));
        }

        JsonNode refused = h.call("model", h.modelCommand("int8_x86.pt", "3"));
        assertThat(refused.get("ok").asBoolean()).as(refused.toString()).isFalse();
        assertThat(refused.get("code").asText()).isEqualTo("engine_mismatch");
        assertThat(refused.get("error").asText()).contains("made for the x86 quantized engine",
                "runs int8 models on qnnpack");
        assertThat(engines.current()).isEqualTo("qnnpack");
        assertThat(h.daemon.model().info().version()).isEqualTo("2");

        // A float model goes anywhere; the pin stays for the life of the process.
        JsonNode fp32 = h.call("model", h.modelCommand("vibration_fp32.pt", "4"));
        assertThat(fp32.get("ok").asBoolean()).as(fp32.toString()).isTrue();
        assertThat(h.call("model", h.modelCommand("int8_x86.pt", "5")).get("code").asText()).isEqualTo(
                "engine_mismatch");

        // A rollback to the int8 version loads it on its engine again, from the manifest kept beside it.
        JsonNode back = h.call("rollback", Json.mapper().createObjectNode());
        assertThat(back.get("ok").asBoolean()).as(back.toString()).isTrue();
        assertThat(h.daemon.model().info().version()).isEqualTo("2");
        assertThat(engines.current()).isEqualTo("qnnpack");
    }
}
