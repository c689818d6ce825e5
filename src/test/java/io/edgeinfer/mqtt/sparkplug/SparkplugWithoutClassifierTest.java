package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.AnomalyMessage;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.PredictionMessage;
import io.edgeinfer.mqtt.Publisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline without a classifier in Sparkplug: its birth declares the anomaly and severity metrics
 * of its anomaly messages and no model, label or score metric; its data carry the anomaly figures.
 */
class SparkplugWithoutClassifierTest {
    private static final String FAN = "edgeinfer/pi-1/pipelines/fan/predictions";

    @TempDir
    Path dir;

    private final TahuView host = new TahuView();

    private SparkplugWire wire(Map<String, List<String>> labels, boolean asDevices) {
        SparkplugWire w = new SparkplugWire(new MqttConfig.Sparkplug("plant", "pi-1"), dir.resolve("bdseq"), labels,
                asDevices);
        w.will();
        w.connectAttempted(true);
        return w;
    }

    private List<TahuView.D> decode(List<Publisher.Message> ms) throws Exception {
        List<TahuView.D> out = new ArrayList<>();
        for (Publisher.Message m : ms) {
            out.add(host.decode(m));
        }
        return out;
    }

    /** An anomaly message as the daemon publishes it for a pipeline without a classifier. */
    private static byte[] anomalyMessage(long seq, String pipeline, double score, boolean alarm) {
        AnomalyMessage a = new AnomalyMessage(alarm ? "anomaly" : "normal", score, 5.0, score > 5.0, alarm, 900L, null,
                true, score > 5.0 ? List.of(new AnomalyMessage.TopFeature("z.env_bpfo", 7.5)) : null, null, null,
                25.0);
        AnomalyMessage.SeverityMessage severity = new AnomalyMessage.SeverityMessage(2.8, "B", "z", 1000, List.of());
        return Json.encode(new PredictionMessage(seq, "5b1c-boot", 1_800_000_000_000L + seq, 1_800_000_000_000L, null,
                null, null, null, new PredictionMessage.Latency(0, 0.02, 0.03), List.of(), null, pipeline, null, a,
                severity));
    }

    private static Map<String, List<String>> fanBesideMotor() {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        labels.put("motor-a", SparkplugWireTest.LABELS);
        labels.put("fan", null);
        return labels;
    }

    @Test
    void theDeviceOfAPipelineWithoutAClassifierIsBornWithAnomalyMetricsAndNoLabelOrScore() throws Exception {
        List<TahuView.D> births = decode(wire(fanBesideMotor(), true).births());
        TahuView.D fan = births.stream().filter(d -> "fan".equals(d.device())).findFirst().orElseThrow();
        assertThat(fan.type()).isEqualTo("DBIRTH");
        assertThat(fan.values()).containsKeys("prediction/anomaly/state", "prediction/anomaly/score",
                "prediction/anomaly/threshold", "prediction/anomaly/alarm", "prediction/anomaly/top_features",
                "prediction/severity/zone", "prediction/severity/velocity_rms_mm_s", "prediction/seq",
                "prediction/replayed", "telemetry/rate_hz");
        assertThat(fan.values().keySet()).noneMatch(k -> k.startsWith("prediction/scores/")
                || k.startsWith("prediction/model/") || k.equals("prediction/label")
                || k.equals("prediction/confidence"));
        assertThat(fan.values()).as("publish.mode on_change counts what it held back there too")
                .containsKey("prediction/suppressed");
        TahuView.D motor = births.stream().filter(d -> "motor-a".equals(d.device())).findFirst().orElseThrow();
        assertThat(motor.values()).as("the pipeline with a classifier keeps its label and scores")
                .containsKeys("prediction/label", "prediction/scores/imbalance", "prediction/anomaly/score");
    }

    @Test
    void itsDataCarryTheAnomalyFiguresAndNothingUndeclared() throws Exception {
        SparkplugWire w = wire(fanBesideMotor(), true);
        List<TahuView.D> births = decode(w.births());
        List<TahuView.D> out = decode(w.encode(FAN, anomalyMessage(7, "fan", 9.25, true), 1_800_000_000_007L, false));
        assertThat(out).as("no new metric learned, so no birth before the data").singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo("DDATA");
            assertThat(d.device()).isEqualTo("fan");
            assertThat(d.values()).containsEntry("prediction/anomaly/state", "anomaly")
                    .containsEntry("prediction/anomaly/score", 9.25).containsEntry("prediction/anomaly/threshold", 5.0)
                    .containsEntry("prediction/anomaly/alarm", true).containsEntry("prediction/severity/zone", "B")
                    .containsEntry("prediction/seq", 7L).doesNotContainKeys("prediction/label", "prediction/model");
        });
        TahuView.D fanBirth = births.stream().filter(d -> "fan".equals(d.device())).findFirst().orElseThrow();
        assertThat(fanBirth.values().keySet()).as("every metric sent was declared in the birth")
                .containsAll(out.get(0).values().keySet());
    }

    @Test
    void aSinglePipelineWithoutAClassifierPutsItsAnomalyMetricsOnTheNode() throws Exception {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        labels.put("main", null);
        SparkplugWire w = wire(labels, false);
        TahuView.D node = decode(w.births()).get(0);
        assertThat(node.type()).isEqualTo("NBIRTH");
        assertThat(node.values()).containsKeys("prediction/anomaly/score", "prediction/severity/zone")
                .doesNotContainKeys("prediction/label", "prediction/confidence", "prediction/model/name");
        List<TahuView.D> data = decode(w.encode("edgeinfer/pi-1/predictions", anomalyMessage(1, "main", 1.5, false),
                1_800_000_000_001L, false));
        assertThat(data.get(0).values()).containsEntry("prediction/anomaly/state", "normal")
                .containsEntry("prediction/anomaly/score", 1.5);
    }
}
