package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.PredictionMessage;
import io.edgeinfer.mqtt.Publisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node of a single-pipeline config (predictions are node metrics), decoded with Tahu. */
class SparkplugWireTest {
    static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");
    private static final String PREDICTIONS = "edgeinfer/pi-1/predictions";

    @TempDir
    Path dir;

    private final TahuView host = new TahuView();

    private SparkplugWire wire() {
        SparkplugWire w = new SparkplugWire(new MqttConfig.Sparkplug("plant", "pi-1"), dir.resolve("bdseq"),
                Map.of("main", LABELS), false);
        w.will();
        w.connectAttempted(true);
        return w;
    }

    static byte[] prediction(long seq, long tsMs, String label, double imbalance, List<SignalFlag> flags,
            String input) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("normal", 1 - imbalance - 0.02);
        scores.put("imbalance", imbalance);
        scores.put("misalignment", 0.01);
        scores.put("bearing_fault", 0.01);
        return Json.encode(new PredictionMessage(seq, "5b1c-boot", tsMs, tsMs - 640, new ModelRef("vibration-mlp",
                "1.0.0",
                "f601aa"), label, imbalance, scores, new PredictionMessage.Latency(0.12, 0.31, 0.52), flags, input,
                "main", null));
    }

    private List<TahuView.D> decode(List<Publisher.Message> ms) throws Exception {
        List<TahuView.D> out = new ArrayList<>();
        for (Publisher.Message m : ms) {
            out.add(host.decode(m));
        }
        return out;
    }

    /** Every leaf of the JSON prediction is a metric with the same value: nothing of it is lost. */
    @Test
    void everyFieldOfTheJsonPredictionIsAMetricOfTheSameValue() throws Exception {
        SparkplugWire w = wire();
        byte[] json = prediction(41, 1_800_000_000_000L, "imbalance", 0.93, List.of(SignalFlag.STUCK,
                SignalFlag.SATURATED),
                "frame-0007.jpg");
        w.observe(PREDICTIONS, json);
        TahuView.D birth = decode(w.births()).get(0);
        TahuView.D historical = decode(w.encode(PREDICTIONS, json, 1_800_000_000_100L, true)).get(0);
        JsonNode doc = Json.mapper().readTree(json);
        for (TahuView.D d : List.of(birth, historical)) {
            int leaves = compare("prediction", doc, d);
            assertThat(leaves).as("leaves of the JSON prediction").isEqualTo(19);
        }
        assertThat(birth.metric("prediction/flags").getDataType()).isEqualTo(MetricDataType.StringArray);
        assertThat(historical.values().get("prediction/replayed")).as("the JSON form's replayed flag").isEqualTo(true);
    }

    /** {@code publish.mode: on_change}: the count suppressed since the last message is a declared metric too. */
    @Test
    void theSuppressedCountOfReportByExceptionIsAMetric() throws Exception {
        SparkplugWire w = wire();
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(prediction(12, 1_800_000_000_000L, "normal", 0.02, List
                .of(), null));
        doc.put("suppressed", 7);
        byte[] json = Json.mapper().writeValueAsBytes(doc);
        assertThat(decode(w.births()).get(0).metric("prediction/suppressed").getDataType()).isEqualTo(
                MetricDataType.Int64);
        w.observe(PREDICTIONS, json);
        TahuView.D data = decode(w.encode(PREDICTIONS, json, 1_800_000_000_100L, false)).get(0);
        assertThat(data.values().get("prediction/suppressed")).isEqualTo(7L);
    }

    private static int compare(String name, JsonNode n, TahuView.D d) {
        if (n.isObject()) {
            int leaves = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                leaves += compare(name + "/" + f.getKey(), f.getValue(), d);
            }
            return leaves;
        }
        Metric m = d.metric(name);
        assertThat(m).as("metric %s in %s", name, d.type()).isNotNull();
        Object v = m.getValue();
        if (n.isArray()) {
            assertThat(Arrays.asList((String[]) v)).as(name).containsExactlyElementsOf(
                    () -> StreamSupport.stream(n.spliterator(), false).map(JsonNode::asText).iterator());
        } else if (n.isTextual()) {
            assertThat(v).as(name).isEqualTo(n.asText());
        } else if (n.isIntegralNumber()) {
            assertThat(v).as(name).isEqualTo(n.asLong());
        } else if (n.isNumber()) {
            assertThat(v).as(name).isEqualTo(n.asDouble());
        } else {
            assertThat(v).as(name).isEqualTo(n.isNull() ? null : n.asBoolean());
        }
        return 1;
    }

    @Test
    void aBirthCarriesTheNewestValueOfEveryMetricAndNullOnlyForOneNeverValued() throws Exception {
        SparkplugWire w = wire();
        TahuView.D empty = decode(w.births()).get(0);
        assertThat(empty.values().get("bdSeq")).isEqualTo(0L);
        assertThat(empty.values().get("Node Control/Rebirth")).isEqualTo(false);
        SparkplugBProto.Payload.Metric label = empty.rawMetric("prediction/label");
        assertThat(label.getIsNull()).as("never valued: is_null, no value").isTrue();
        assertThat(label.getValueCase()).isEqualTo(SparkplugBProto.Payload.Metric.ValueCase.VALUE_NOT_SET);

        w.observe(PREDICTIONS, prediction(1, 1000, "normal", 0.01, List.of(), null));
        w.observe(PREDICTIONS, prediction(2, 2000, "imbalance", 0.9, List.of(), null)); // waits in the outbox
        TahuView.D rebirth = decode(w.births()).get(0);
        assertThat(rebirth.values()).containsEntry("prediction/label", "imbalance").containsEntry("prediction/seq", 2L)
                .containsEntry("prediction/replayed", false);
        assertThat(rebirth.metric("prediction/label").getTimestamp().getTime()).as("captured at").isEqualTo(2000);
        assertThat(rebirth.rawMetric("prediction/input").getIsNull()).as("this prediction has no input file").isTrue();
        assertThat(rebirth.values().get("bdSeq")).as("a rebirth keeps the session's bdSeq").isEqualTo(0L);
    }

    @Test
    void dataCarryOnlyWhatChangedWithoutDatatypesStampedWithThePublishTime() throws Exception {
        SparkplugWire w = wire();
        w.observe(PREDICTIONS, prediction(1, 1000, "normal", 0.01, List.of(), null));
        decode(w.births());
        long before = System.currentTimeMillis();
        List<TahuView.D> out = decode(w.encode(PREDICTIONS, prediction(2, 1320, "normal", 0.02, List.of(), null), 1321,
                false));
        assertThat(out).singleElement().extracting(TahuView.D::type).isEqualTo("NDATA");
        TahuView.D d = out.get(0);
        assertThat(d.values().keySet()).containsExactlyInAnyOrder("prediction/seq", "prediction/ts_ms",
                "prediction/window_start_ms", "prediction/confidence", "prediction/scores/normal",
                "prediction/scores/imbalance");
        assertThat(d.raw().getMetricsList()).noneMatch(SparkplugBProto.Payload.Metric::hasDatatype);
        assertThat(d.payload().getTimestamp().getTime()).as("published now").isBetween(before, System
                .currentTimeMillis());
        assertThat(d.payload().getMetrics()).allMatch(m -> m.getTimestamp().getTime() == 1320
                && !Boolean.TRUE.equals(m.isHistorical()));
        assertThat(d.payload().getSeq()).isEqualTo(1);
    }

    @Test
    void theBacklogGoesOutWholeAndHistoricalAndLeavesWhatTheHostKnowsAlone() throws Exception {
        SparkplugWire w = wire();
        w.observe(PREDICTIONS, prediction(9, 9000, "imbalance", 0.9, List.of(), null));
        decode(w.births());
        TahuView.D old = decode(w.encode(PREDICTIONS, prediction(3, 3000, "normal", 0.01, List.of(), null), 3001, true))
                .get(0);
        assertThat(old.values()).as("every field and replayed").hasSize(20).containsEntry("prediction/label", "normal");
        assertThat(old.payload().getMetrics()).allMatch(m -> Boolean.TRUE.equals(m.isHistorical())
                && m.getTimestamp().getTime() == 3000);
        assertThat(old.payload().getTimestamp().getTime()).isGreaterThan(9000);
        TahuView.D live = decode(w.encode(PREDICTIONS, prediction(10, 9320, "imbalance", 0.91, List.of(), null), 9321,
                false))
                .get(0);
        assertThat(live.values()).as("the label did not change since the birth").doesNotContainKey("prediction/label");
    }

    @Test
    void seqStartsAtTheBirthAndWrapsAfter255() throws Exception {
        SparkplugWire w = wire();
        assertThat(decode(w.births()).get(0).payload().getSeq()).isZero();
        long last = 0;
        for (int i = 1; i <= 300; i++) {
            last = decode(w.encode(PREDICTIONS, prediction(i, 1000 + i, "normal", 0.01 + i * 1e-4, List.of(), null),
                    1000 + i,
                    false)).get(0).payload().getSeq();
            assertThat(last).isEqualTo(i % 256);
        }
        assertThat(decode(w.births()).get(0).payload().getSeq()).isZero();
    }

    /** A swapped model with another label set: the new score metric is declared, with its value, before anything reports it. */
    @Test
    void aLabelTheBirthDidNotDeclareBringsABirthThatCarriesIt() throws Exception {
        SparkplugWire w = wire();
        decode(w.births());
        byte[] swapped = Json.encode(Map.of("seq", 1, "ts_ms", 5000, "label", "loose_belt",
                "scores", Map.of("normal", 0.1, "loose_belt", 0.9)));
        List<TahuView.D> out = decode(w.encode(PREDICTIONS, swapped, 5000, false));
        assertThat(out).extracting(TahuView.D::type).containsExactly("NBIRTH");
        assertThat(out.get(0).metric("prediction/scores/loose_belt").getDataType()).isEqualTo(MetricDataType.Double);
        assertThat(out.get(0).values()).containsEntry("prediction/scores/loose_belt", 0.9)
                .containsEntry("prediction/label", "loose_belt");
        assertThat(out.get(0).payload().getSeq()).isZero();
        List<TahuView.D> next = decode(w.encode(PREDICTIONS, Json.encode(Map.of("seq", 2, "ts_ms", 5320,
                "scores", Map.of("normal", 0.2, "loose_belt", 0.8))), 5320, false));
        assertThat(next).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo("NDATA");
            assertThat(d.payload().getSeq()).isEqualTo(1);
            assertThat(d.values()).containsEntry("prediction/scores/loose_belt", 0.8);
        });
    }

    @Test
    void theWillCarriesTheNextConnectsBdSeqAndTheBirthsAndDeathTheSessions() throws Exception {
        SparkplugWire w = new SparkplugWire(new MqttConfig.Sparkplug("plant", "pi-1"), dir.resolve("bdseq"),
                Map.of("main", LABELS), false);
        assertThat(host.decode(w.will()).values().get("bdSeq")).isEqualTo(0L);
        w.connectAttempted(false);
        assertThat(host.decode(w.will()).values().get("bdSeq")).as("no CONNECT left: the same number").isEqualTo(0L);
        w.connectAttempted(true);
        assertThat(decode(w.births()).get(0).values().get("bdSeq")).isEqualTo(0L);
        TahuView.D death = host.decode(w.death());
        assertThat(death.values()).containsOnlyKeys("bdSeq").containsEntry("bdSeq", 0L);
        assertThat(death.raw().hasSeq()).isFalse();
        assertThat(w.death().qos()).isEqualTo(1);
        assertThat(host.decode(w.will()).values().get("bdSeq")).isEqualTo(1L);
    }

    @Test
    void birthsAndDataGoAtQos0UnlessTheConfigAsksForAtLeastOnce() throws Exception {
        SparkplugWire w = wire();
        assertThat(w.births()).allMatch(m -> m.qos() == 0 && !m.retained());
        SparkplugWire once = new SparkplugWire(new MqttConfig.Sparkplug("plant", "pi-1", null, 1), dir.resolve("b2"),
                Map.of("main", LABELS), false);
        once.will();
        once.connectAttempted(true);
        assertThat(once.births()).allMatch(m -> m.qos() == 1);
        assertThat(once.encode(PREDICTIONS, prediction(1, 1, "normal", 0.01, List.of(), null), 1, false))
                .allMatch(m -> m.qos() == 1);
    }

    @Test
    void commandAnswersKeepTheirJsonTopicAndTakeNoSeq() throws Exception {
        SparkplugWire w = wire();
        decode(w.births());
        byte[] answer = "{\"request_id\":\"r-1\",\"ok\":true}".getBytes();
        Publisher.Message m = w.encode("edgeinfer/pi-1/cmd/result", answer, 1, false).get(0);
        assertThat(m.topic()).isEqualTo("edgeinfer/pi-1/cmd/result");
        assertThat(m.payload()).isEqualTo(answer);
        assertThat(m.qos()).isEqualTo(Publisher.Message.CONFIGURED_QOS);
        assertThat(decode(w.encode(PREDICTIONS, prediction(1, 1, "normal", 0.01, List.of(), null), 1, false)).get(0)
                .payload().getSeq()).isEqualTo(1);
    }
}
