package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.OutboxRecord;
import io.edgeinfer.pipeline.Prediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class OnChangePublisherTest {
    private static final String TOPIC = "edgeinfer/d/predictions";
    private final MemoryOutbox outbox = new MemoryOutbox(Clock.systemUTC(), 1000);
    private long now;
    private final OnChangePublisher sink = new OnChangePublisher(outbox, TOPIC, "boot", "main", 0.1, 60, () -> now);

    private List<JsonNode> published() {
        return outbox.read(0, 1000).stream().map(OnChangePublisherTest::json).toList();
    }

    private static JsonNode json(OutboxRecord r) {
        try {
            return Json.mapper().readTree(r.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> seqs(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("seq").asLong()).toList();
    }

    @Test
    void anUnchangedLabelIsSuppressedAndTheNextMessageCountsWhatWasSuppressed() {
        sink.accept(Predictions.of(0, "normal", 0.99));
        for (int i = 1; i <= 5; i++) {
            sink.accept(Predictions.of(i, "normal", 0.98));
        }
        sink.accept(Predictions.of(6, "imbalance", 0.97));
        List<JsonNode> out = published();
        assertThat(seqs(out)).containsExactly(0L, 6L);
        assertThat(out.get(0).get("suppressed").asLong()).isZero();
        assertThat(out.get(1).get("suppressed").asLong()).as("seq 1-5").isEqualTo(5);
        assertThat(out.get(1).get("label").asText()).isEqualTo("imbalance");
    }

    @Test
    void aScoreMovingMoreThanTheDeadbandFromTheLastPublishedOneIsAChange() {
        sink.accept(Predictions.of(0, "normal", 0.95));
        sink.accept(Predictions.of(1, "normal", 0.90)); // 0.05 from the published 0.95
        sink.accept(Predictions.of(2, "normal", 0.86)); // 0.09: still within
        sink.accept(Predictions.of(3, "normal", 0.84)); // 0.11 from 0.95: a slow drift adds up
        sink.accept(Predictions.of(4, "normal", 0.80)); // 0.04 from the new reference 0.84
        assertThat(seqs(published())).containsExactly(0L, 3L);
        assertThat(published().get(1).get("suppressed").asLong()).isEqualTo(2);
    }

    @Test
    void aHeartbeatGoesOutAfterHeartbeatSecondsOfSilence() {
        sink.accept(Predictions.of(0, "normal", 0.99));
        now += 59_000_000_000L;
        sink.accept(Predictions.of(1, "normal", 0.99));
        now += 1_000_000_000L;
        sink.accept(Predictions.of(2, "normal", 0.99));
        sink.accept(Predictions.of(3, "normal", 0.99));
        assertThat(seqs(published())).containsExactly(0L, 2L);
        assertThat(published().get(1).get("suppressed").asLong()).isEqualTo(1);
    }

    /** {@code p} with the anomaly stage's verdict on its window. */
    private static Prediction withAnomaly(Prediction p, AnomalyResult.State state, boolean alarm) {
        AnomalyResult a = new AnomalyResult(p.window().index(), state, alarm ? 9.0 : 1.0, 5.0, alarm, alarm, Set.of(),
                null, 25.0, List.of(), false, null, null);
        return new Prediction(p.seq(), p.window(), p.model(), p.result(), p.preprocessNanos(), p.inferenceNanos(),
                p.queueNanos(), p.totalNanos(), a);
    }

    @Test
    void anotherAnomalyStateOrAnAlarmUnderTheSameLabelIsAChange() {
        sink.accept(withAnomaly(Predictions.of(0, "normal", 0.99), AnomalyResult.State.LEARNING, false));
        sink.accept(withAnomaly(Predictions.of(1, "normal", 0.99), AnomalyResult.State.LEARNING, false));
        sink.accept(withAnomaly(Predictions.of(2, "normal", 0.99), AnomalyResult.State.NORMAL, false));
        sink.accept(withAnomaly(Predictions.of(3, "normal", 0.99), AnomalyResult.State.ANOMALY, false));
        sink.accept(withAnomaly(Predictions.of(4, "normal", 0.99), AnomalyResult.State.ANOMALY, true));
        sink.accept(withAnomaly(Predictions.of(5, "normal", 0.99), AnomalyResult.State.ANOMALY, true));
        List<JsonNode> out = published();
        assertThat(seqs(out)).containsExactly(0L, 2L, 3L, 4L);
        assertThat(out.get(3).get("anomaly").get("alarm").asBoolean()).isTrue();
    }

    @Test
    void aPipelineWithoutAClassifierReportsItsAnomalyStateByException() {
        Prediction template = Predictions.of(0, "normal", 0.99);
        BiFunction<Long, AnomalyResult.State, Prediction> only = (seq, state) -> {
            Prediction p = withAnomaly(Predictions.of(seq, "normal", 0.99), state,
                    state == AnomalyResult.State.ANOMALY);
            return new Prediction(seq, p.window(), null, null, 0, template.inferenceNanos(), 0, 0, p.anomaly());
        };
        sink.accept(only.apply(0L, AnomalyResult.State.NORMAL));
        sink.accept(only.apply(1L, AnomalyResult.State.NORMAL));
        sink.accept(only.apply(2L, AnomalyResult.State.ANOMALY));
        sink.accept(only.apply(3L, AnomalyResult.State.ANOMALY));
        now += 60_000_000_000L;
        sink.accept(only.apply(4L, AnomalyResult.State.ANOMALY));
        List<JsonNode> out = published();
        assertThat(seqs(out)).containsExactly(0L, 2L, 4L);
        assertThat(out.get(1).get("model").isNull()).as("the anomaly-only form").isTrue();
        assertThat(out.get(2).get("suppressed").asLong()).isEqualTo(1);
    }

    @Test
    void newSignalFlagsAndAnotherModelAreChangesToo() {
        ModelInfo other = new ModelInfo("vibration-mlp", "2.0.0", "1".repeat(64), 1000, Predictions.LABELS);
        sink.accept(Predictions.of(0, "normal", 0.99));
        sink.accept(Predictions.of(1, "normal", 0.99, Set.of(SignalFlag.STUCK), Predictions.MODEL));
        sink.accept(Predictions.of(2, "normal", 0.99, Set.of(SignalFlag.STUCK), Predictions.MODEL));
        sink.accept(Predictions.of(3, "normal", 0.99, Set.of(SignalFlag.STUCK), other));
        assertThat(seqs(published())).containsExactly(0L, 1L, 3L);
        assertThat(published().get(1).get("flags").get(0).asText()).isEqualTo("stuck");
        assertThat(published().get(2).get("model").get("version").asText()).isEqualTo("2.0.0");
    }

    @Test
    void aCleanStopPublishesTheLastSuppressedPredictionSoTheCountReachesTheLastSeq() {
        sink.accept(Predictions.of(0, "normal", 0.99));
        sink.accept(Predictions.of(1, "normal", 0.99));
        sink.accept(Predictions.of(2, "normal", 0.99));
        sink.close();
        List<JsonNode> out = published();
        assertThat(seqs(out)).containsExactly(0L, 2L);
        assertThat(out.get(1).get("suppressed").asLong()).as("seq 1").isEqualTo(1);
        sink.close();
        assertThat(published()).as("idempotent").hasSize(2);
    }

    @Test
    void everyModeCarriesNoSuppressedField() {
        new PredictionPublisher(outbox, TOPIC, "boot", "main").accept(Predictions.of(0, "normal", 0.99));
        assertThat(published().get(0).has("suppressed")).isFalse();
    }
}
