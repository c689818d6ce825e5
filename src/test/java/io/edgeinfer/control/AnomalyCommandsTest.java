package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.anomaly.AnomalyStage;
import io.edgeinfer.anomaly.Signals;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.control.AnomalyCommands.AnomalyReply;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.pipeline.AnomalyScoring;
import io.edgeinfer.pipeline.FakeModelRunner;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.sensor.Health;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmd/anomaly} on real anomaly stages behind real inference loops serving a fake classifier. */
class AnomalyCommandsTest {
    @TempDir
    Path dir;

    private final List<InferenceLoop> loops = new ArrayList<>();
    private final List<AnomalyScoring> scorings = new ArrayList<>();

    @AfterEach
    void stop() {
        loops.forEach(l -> l.stop(1000));
        for (AnomalyScoring s : scorings) {
            AnomalyStage stage = s.detach();
            if (stage != null) {
                stage.close();
            }
        }
    }

    private PipelineHandle pipeline(String id, boolean anomaly) throws Exception {
        WindowQueue queue = new WindowQueue(1000, Overflow.BLOCK);
        PipelineStats stats = new PipelineStats(queue, id);
        AnomalyScoring scoring = null;
        if (anomaly) {
            scoring = new AnomalyScoring(id);
            scoring.attach(AnomalyStage.open(Signals.config("enabled: true\nlearn_windows: 100", Signals.RATE),
                    Signals.SHAPE, dir.resolve(id + ".baseline"), null, Runnable::run, Clock.systemUTC()));
            scorings.add(scoring);
        }
        FakeModelRunner model = new FakeModelRunner(List.of("a", "b"), w -> new float[]{1, 0});
        InferenceLoop loop = new InferenceLoop(queue, model, new PostProcessor(model.info().labels()), p -> {
        }, stats,
                e -> {
                }, "edgeinfer-inference-" + id, scoring);
        loop.start();
        loops.add(loop);
        return new PipelineHandle(id, loop, stats, new Health(id));
    }

    private static CommandBody body(String json) throws IOException {
        return new CommandBody(Json.mapper().readTree(json));
    }

    private static AnomalyReply send(AnomalyCommands c, String json) throws Exception {
        return (AnomalyReply) c.command(body(json), "r1");
    }

    private static String refusal(AnomalyCommands c, String json) throws IOException {
        try {
            c.command(body(json), "r1");
        } catch (CommandException e) {
            return e.code() + ": " + e.getMessage();
        }
        throw new AssertionError("expected a refusal of " + json);
    }

    @Test
    void acceptWaitsForABaselineRelearnStartsOverAndStatusSaysWhere() throws Exception {
        PipelineHandle motor = pipeline("motor", true);
        AnomalyCommands c = new AnomalyCommands(List.of(motor));
        assertThat(send(c, "{\"action\": \"status\"}").anomaly().phase()).isEqualTo("learning");
        assertThat(refusal(c, "{\"action\": \"accept\"}")).startsWith("not_ready: pipeline 'motor' cannot accept now")
                .contains("learning", "has no baseline yet");
        for (Window w : Signals.normal(3, 110)) {
            motor.loop().submit(w);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> motor.stats().inferencesTotal() == 110);
        AnomalyReply ready = send(c, "{\"action\": \"status\", \"pipeline\": \"motor\"}");
        assertThat(ready.pipeline()).isEqualTo("motor");
        assertThat(ready.anomaly().phase()).isEqualTo("ready");
        assertThat(ready.anomaly().baseline().windows()).isEqualTo(100);
        assertThat(send(c, "{\"action\": \"accept\"}").action()).isEqualTo("accept");
        assertThat(send(c, "{\"action\": \"relearn\"}").anomaly().phase()).as("the state it was asked in").isEqualTo(
                "ready");
        motor.loop().submit(Signals.normal(4, 1).get(0).withIndex(110));
        await().atMost(Duration.ofSeconds(20)).until(() -> motor.loop().anomaly().status().phase().equals("learning"));
    }

    @Test
    void badInputAndPipelinesWithoutDetectionAreRefusedWithAReason() throws Exception {
        AnomalyCommands c = new AnomalyCommands(List.of(pipeline("motor", true), pipeline("camera", false)));
        assertThat(refusal(c, "{\"action\": \"status\"}")).startsWith("pipeline_required: ");
        assertThat(refusal(c, "{\"action\": \"status\", \"pipeline\": \"camera\"}"))
                .isEqualTo("not_enabled: pipeline 'camera' runs no anomaly detection (anomaly.enabled is false)");
        assertThat(refusal(c, "{\"action\": \"status\", \"pipeline\": \"pump\"}")).startsWith("unknown_pipeline: ");
        assertThat(refusal(c, "{\"action\": \"forget\", \"pipeline\": \"motor\"}")).startsWith("bad_request: ")
                .contains("action", "relearn, accept or status");
        assertThat(refusal(c, "{\"pipeline\": \"motor\"}")).startsWith("bad_request: ").contains("action");
        assertThat(refusal(c, "{\"action\": \"status\", \"pipeline\": \"motor\", \"now\": true}"))
                .startsWith("bad_request: ").contains("now");
        assertThatThrownBy(() -> send(c, "{\"action\": 3, \"pipeline\": \"motor\"}")).isInstanceOf(
                CommandException.class);
    }
}
