package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineHandle;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.pipeline.AnomalyScoring;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.sensor.Health;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model commands to a pipeline that has no classifier. */
class DeploymentsTest {
    /** A pipeline that only detects anomalies: no model behind its queue (nothing runs). */
    private static PipelineHandle anomalyOnly(String id) {
        WindowQueue queue = new WindowQueue(10, Overflow.BLOCK);
        PipelineStats stats = new PipelineStats(queue, id);
        InferenceLoop loop = new InferenceLoop(queue, null, null, p -> {
        }, stats, e -> {
        }, "edgeinfer-inference-" + id, new AnomalyScoring(id));
        return new PipelineHandle(id, loop, stats, new Health(id));
    }

    private static CommandBody body(String json) throws Exception {
        return new CommandBody(Json.mapper().readTree(json));
    }

    @Test
    void aModelPushOrRollbackToAPipelineWithoutAClassifierIsRefusedSayingHowToAddOne() throws Exception {
        Deployments d = new Deployments(List.of(anomalyOnly("pump")), List.of());
        String push = "{\"url\": \"file://m.pt\", \"sha256\": \"" + "0".repeat(64) + "\"}";
        assertThatThrownBy(() -> d.deploy(body(push), "r1")).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.code()).isEqualTo(Deployments.NO_CLASSIFIER))
                .hasMessageContaining("pipeline 'pump' has no classifier", "cmd/config");
        assertThatThrownBy(() -> d.rollback(body("{}"), "r2")).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.code()).isEqualTo(Deployments.NO_CLASSIFIER));
        assertThatThrownBy(() -> d.deploy(body("{\"pipeline\": \"fan\"}"), "r3"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e
                        .code()).isEqualTo("unknown_pipeline"))
                .hasMessageContaining("[pump]");
    }
}
