package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.QuantizedEngines;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several pipelines in one process share libtorch's one quantized engine: the first pipeline's int8
 * model pins the engine its manifest names, and a later pipeline's int8 model made for another engine
 * fails the start, naming that pipeline's key (docs/configuration.md, "Quantized engine").
 */
class EnginePerPipelineTest {
    private static final Path INT8 = Path.of("models/vibration_int8.pt").toAbsolutePath();

    @TempDir
    Path dir;

    private QuantizedEngines engines;
    private String before;

    @BeforeEach
    void engineAsFound() throws Exception {
        engines = QuantizedEngines.open();
        before = engines.current();
    }

    @AfterEach
    void restoreEngine() {
        engines.set(before);
    }

    /** The demo int8 model's bytes under {@code int8_ENGINE.pt}, with a manifest naming {@code engine}. */
    private Path modelFor(String engine) throws Exception {
        Path pt = Files.copy(INT8, dir.resolve("int8_" + engine + ".pt"));
        JsonNode manifest = Json.mapper().readTree(INT8.resolveSibling("vibration_int8.json").toFile());
        ObjectNode m = manifest.deepCopy();
        ((ObjectNode) m.get("quantized")).put("backend", engine);
        Json.mapper().writeValue(dir.resolve("int8_" + engine + ".json").toFile(), m);
        return pt;
    }

    private DaemonConfig twoPipelines(Path first, Path second) throws ConfigException {
        String yaml = """
                device_id: engines-1
                pipelines:
                  - id: motor-a
                    model: {path: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 1}
                    window: {size: 256, hop: 64}
                  - id: motor-b
                    model: {path: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 2}
                    window: {size: 256, hop: 64}
                mqtt: {broker: "tcp://127.0.0.1:1"}
                outbox: {path: %s}
                metrics: {port: 0}
                """.formatted(first, second, dir.resolve("outbox.db"));
        return new ConfigLoader(Map.of("XDG_STATE_HOME", dir.resolve("state").toString())).parse(yaml, dir);
    }

    @Test
    void aSecondPipelinesInt8ModelForAnotherEngineFailsTheStartNamingItsKey() throws Exception {
        assumeTrue(engines.supported().containsAll(List.of("qnnpack", "x86")), "needs both engines: " + engines
                .supported());
        engines.set("x86"); // as libtorch starts on x86-64: the first model has to switch it
        DaemonConfig config = twoPipelines(modelFor("qnnpack"), modelFor("x86"));

        assertThatThrownBy(() -> ModelCheck.all(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipelines[motor-b].model.path")
                .hasMessageContaining("made for the x86 quantized engine");
        assertThat(engines.current()).as("the first pipeline's model brought its engine").isEqualTo("qnnpack");
    }

    @Test
    void pipelinesWhoseInt8ModelsNameOneEngineStartOnIt() throws Exception {
        assumeTrue(engines.supported().contains("qnnpack"), "needs qnnpack: " + engines.supported());
        Path model = modelFor("qnnpack");
        Map<String, ModelRunner> models = ModelCheck.all(twoPipelines(model, model));
        try {
            assertThat(models).hasSize(2);
            assertThat(engines.current()).isEqualTo("qnnpack");
        } finally {
            models.values().forEach(ModelRunner::close);
        }
    }
}
