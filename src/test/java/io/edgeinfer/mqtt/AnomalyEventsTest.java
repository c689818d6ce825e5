package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.AnomalyStage;
import io.edgeinfer.anomaly.Signals;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.OutboxConfig;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.outbox.OutboxRecord;
import io.edgeinfer.outbox.SqliteOutbox;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly stage's results as subscribers see them: the {@code anomaly} and {@code severity}
 * members of a prediction, and the alarm's retained events, from a real stage on simulated windows,
 * through a real outbox file.
 */
class AnomalyEventsTest {
    private static final ModelInfo MODEL = new ModelInfo("vib", "1", "0".repeat(64), 10, List.of("a", "b"));
    private static final PostProcessor POST = new PostProcessor(MODEL.labels());

    @TempDir
    Path dir;

    private SqliteOutbox outbox;
    private AnomalyEvents events;

    private SqliteOutbox open() throws Exception {
        SqliteOutbox o = SqliteOutbox.open(new OutboxConfig(true, dir.resolve("outbox.db"), 1_000_000, 1L << 30,
                86_400, 5), Clock.systemUTC());
        o.start();
        return o;
    }

    @BeforeEach
    void start() throws Exception {
        outbox = open();
        events = new AnomalyEvents(outbox, "edgeinfer/d/anomaly", "main", "boot", Clock.fixed(Instant.ofEpochMilli(
                5000), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        outbox.close();
    }

    private List<Prediction> run(AnomalyStage stage, List<Window> windows) throws Exception {
        List<Prediction> out = new ArrayList<>();
        for (Window w : windows) {
            AnomalyResult r = stage.score(w);
            Prediction p = new Prediction(w.index(), w, MODEL, POST.classify(new float[]{1, 0}), 0, 0, 0, 0, r);
            events.inferred(p);
            out.add(p);
        }
        return out;
    }

    private static JsonNode json(Object message) throws Exception {
        return Json.mapper().readTree(Json.encode(message));
    }

    /** What the outbox holds, as the JSON wire publishes it: each retained on the anomaly topic. */
    private List<JsonNode> published() throws Exception {
        outbox.flush();
        List<JsonNode> out = new ArrayList<>();
        for (OutboxRecord r : outbox.read(0, 100)) {
            Publisher.Message m = WireFormat.JSON.encode(r.topic(), r.payload(), r.createdMs(), false).get(0);
            assertThat(m.retained()).isTrue();
            assertThat(m.topic()).isEqualTo("edgeinfer/d/anomaly");
            out.add(Json.mapper().readTree(m.payload()));
        }
        return out;
    }

    @Test
    void predictionsCarryTheStageAndTheAlarmIsRaisedAndClearedOnItsOwnRetainedTopic() throws Exception {
        try (AnomalyStage stage = AnomalyStage.open(Signals.config("enabled: true\nlearn_windows: 300", Signals.RATE),
                Signals.SHAPE, dir.resolve("main.baseline"), null, Runnable::run, Clock.systemUTC())) {
            List<Window> normal = Signals.normal(1, 400);
            List<Prediction> learning = run(stage, normal.subList(0, 300));
            assertThat(published()).as("learning says nothing about the alarm").isEmpty();
            JsonNode first = json(PredictionMessage.of(learning.get(0), "boot"));
            assertThat(first.get("label").asText()).isEqualTo("a");
            assertThat(first.get("anomaly").get("state").asText()).isEqualTo("learning");
            assertThat(first.get("anomaly").get("learned_windows").asLong()).isEqualTo(1);
            assertThat(first.get("anomaly").has("score")).as("absent, not null").isFalse();
            assertThat(first.get("severity").get("zone").asText()).matches("[ABCD]");
            assertThat(first.get("severity").get("channels")).hasSize(3);

            List<Prediction> held = run(stage, normal.subList(300, 400));
            assertThat(published()).singleElement().satisfies(e -> {
                assertThat(e.get("alarm").asBoolean()).as("the first scored window: off").isFalse();
                assertThat(e.get("window").asLong()).isEqualTo(300);
                assertThat(e.get("pipeline").asText()).isEqualTo("main");
            });
            JsonNode scored = json(PredictionMessage.of(held.get(99), "boot"));
            assertThat(scored.get("anomaly").get("state").asText()).isEqualTo("normal");
            assertThat(scored.get("anomaly").get("threshold").asDouble()).isPositive();
            assertThat(scored.get("anomaly").get("learned_windows").asLong()).isEqualTo(300);
            assertThat(scored.get("anomaly").get("baseline_sufficient").asBoolean()).isFalse();

            List<Window> fault = Signals.simulated(List.of(new ScenarioStep(MachineState.BEARING_FAULT, 60, 25.0, 1,
                    0.5,
                    null)), 2, 40, 0);
            List<Window> again = Signals.normal(3, 60);
            List<Window> tail = new ArrayList<>();
            for (int i = 0; i < fault.size(); i++) {
                tail.add(fault.get(i).withIndex(400 + i));
            }
            for (int i = 0; i < again.size(); i++) {
                tail.add(again.get(i).withIndex(440 + i));
            }
            List<Prediction> after = run(stage, tail);
            List<JsonNode> e = published();
            assertThat(e).extracting(x -> x.get("alarm").asBoolean()).containsExactly(false, true, false);
            assertThat(e.get(1).get("top_features")).isNotEmpty();
            assertThat(e.get(1).get("state").asText()).isEqualTo("anomaly");
            assertThat(e.get(2).get("window").asLong()).isGreaterThan(440);
            JsonNode alarmed = json(PredictionMessage.of(after.get(39), "boot"));
            assertThat(alarmed.get("anomaly").get("alarm").asBoolean()).isTrue();
            assertThat(alarmed.get("anomaly").get("top_features").get(0).get("feature").isTextual()).isTrue();
        }
    }

    @Test
    void anEventNotYetDeliveredWhenTheProcessStopsIsStillThereAtTheNextStart() throws Exception {
        try (AnomalyStage stage = AnomalyStage.open(Signals.config("enabled: true\nlearn_windows: 300", Signals.RATE),
                Signals.SHAPE, dir.resolve("main.baseline"), null, Runnable::run, Clock.systemUTC())) {
            run(stage, Signals.normal(1, 310));
        }
        // No broker acknowledged it (none was there): the stop closes the outbox with the event in it.
        outbox.close();
        outbox = open();
        List<JsonNode> e = published();
        assertThat(e).singleElement().satisfies(x -> assertThat(x.get("window").asLong()).isEqualTo(300));
        OutboxRecord r = outbox.read(0, 1).get(0);
        assertThat(WireFormat.JSON.encode(r.topic(), r.payload(), r.createdMs(), true).get(0)).satisfies(m -> {
            assertThat(m.retained()).as("replayed retained, as first sent").isTrue();
            assertThat(Json.mapper().readTree(m.payload()).get("replayed").asBoolean()).isTrue();
        });
    }

    @Test
    void aPipelineWithoutAStageSendsWhatItAlwaysSent() throws Exception {
        Window w = Signals.normal(4, 1).get(0);
        JsonNode m = json(PredictionMessage.of(new Prediction(0, w, MODEL, POST.classify(new float[]{0, 1}), 0, 0, 0,
                0),
                "boot"));
        assertThat(m.has("anomaly")).isFalse();
        assertThat(m.has("severity")).isFalse();
        events.inferred(new Prediction(0, w, MODEL, POST.classify(new float[]{0, 1}), 0, 0, 0, 0));
        assertThat(published()).isEmpty();
    }
}
