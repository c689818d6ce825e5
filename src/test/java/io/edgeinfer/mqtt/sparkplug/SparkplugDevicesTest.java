package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Publisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config with a pipelines list: the board is the node, each pipeline a device. */
class SparkplugDevicesTest {
    private static final String A = "edgeinfer/pi-1/pipelines/motor-a/predictions";
    private static final String TELEMETRY = "edgeinfer/pi-1/telemetry";

    @TempDir
    Path dir;

    private SparkplugWire wire;
    private final TahuView host = new TahuView();
    private final AtomicInteger changes = new AtomicInteger();

    @BeforeEach
    void setUp() {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        labels.put("motor-a", SparkplugWireTest.LABELS);
        labels.put("conveyor", List.of("empty", "hex_nut", "washer"));
        wire = new SparkplugWire(new MqttConfig.Sparkplug("plant", "pi-1"), dir.resolve("bdseq"), labels, true);
        wire.onChange(changes::incrementAndGet);
        wire.will();
        wire.connectAttempted(true);
    }

    private List<TahuView.D> decode(List<Publisher.Message> ms) throws Exception {
        List<TahuView.D> out = new ArrayList<>();
        for (Publisher.Message m : ms) {
            out.add(host.decode(m));
        }
        return out;
    }

    private static String types(List<TahuView.D> ds) {
        return String.join(" ", ds.stream().map(d -> d.type() + (d.device() == null ? "" : ":" + d.device()) + "#"
                + d.payload().getSeq()).toList());
    }

    private static byte[] telemetry(long ts, double rateA, double rateC) {
        return Json.encode(Map.of("ts_ms", ts, "rate_hz", rateA + rateC, "cpu_percent", 12.5, "pipelines", List.of(
                Map.of("id", "motor-a", "rate_hz", rateA, "inferences_total", 10, "source", Map.of("health", "ok")),
                Map.of("id", "conveyor", "rate_hz", rateC, "inferences_total", 3, "source", Map.of("health", "ok")))));
    }

    @Test
    void theNodeIsBornFirstThenEachDeviceWithTheMetricsItWillReport() throws Exception {
        List<TahuView.D> births = decode(wire.births());
        assertThat(types(births)).isEqualTo("NBIRTH#0 DBIRTH:motor-a#1 DBIRTH:conveyor#2");
        TahuView.D node = births.get(0);
        assertThat(node.values()).containsKeys("bdSeq", "Node Control/Rebirth", "telemetry/rate_hz",
                "telemetry/cpu_percent")
                .doesNotContainKeys("prediction/label", "telemetry/pipelines");
        TahuView.D conveyor = births.get(2);
        assertThat(conveyor.values()).containsEntry("Device Control/Rebirth", false)
                .containsKeys("prediction/label", "prediction/flags", "prediction/scores/hex_nut", "telemetry/rate_hz",
                        "telemetry/inferences_total", "telemetry/source/health", "telemetry/model/sha256")
                .doesNotContainKeys("prediction/scores/normal", "telemetry/id", "bdSeq");
    }

    @Test
    void telemetryFeedsTheNodeAndEachDevice() throws Exception {
        decode(wire.births());
        List<TahuView.D> out = decode(wire.encode(TELEMETRY, telemetry(5000, 3.1, 0.5), 5000, false));
        assertThat(types(out)).isEqualTo("NDATA#3 DDATA:motor-a#4 DDATA:conveyor#5");
        assertThat(out.get(0).values()).containsEntry("telemetry/rate_hz", 3.6).containsEntry("telemetry/cpu_percent",
                12.5);
        assertThat(out.get(1).values()).containsEntry("telemetry/rate_hz", 3.1).containsEntry("telemetry/source/health",
                "ok");
        assertThat(out.get(2).values()).containsEntry("telemetry/rate_hz", 0.5);
        List<TahuView.D> again = decode(wire.encode(TELEMETRY, telemetry(6000, 3.1, 0.6), 6000, false));
        assertThat(types(again)).as("motor-a reported nothing new").isEqualTo("NDATA#6 DDATA:conveyor#7");
    }

    @Test
    void aDeviceWhoseInputGoesDownDiesAndIsBornAgainWithWhatItMadeMeanwhile() throws Exception {
        decode(wire.births());
        wire.deviceInput("motor-a", false);
        assertThat(changes).hasValue(1);
        // A window read just before the input failed, inferred after: still the live device's data.
        assertThat(types(decode(wire.encode(A, SparkplugWireTest.prediction(1, 1000, "normal", 0.01, List.of(), null),
                1000,
                false)))).isEqualTo("DDATA:motor-a#3");
        List<TahuView.D> death = decode(wire.pending());
        assertThat(types(death)).isEqualTo("DDEATH:motor-a#4");
        assertThat(wire.pending()).isEmpty();

        // Anything that still arrives waits for the next DBIRTH; telemetry of the dead device is not sent.
        assertThat(wire.encode(A, SparkplugWireTest.prediction(2, 1320, "imbalance", 0.9, List.of(), null), 1320,
                false)).isEmpty();
        assertThat(types(decode(wire.encode(TELEMETRY, telemetry(5000, 0, 0.5), 5000, false))))
                .isEqualTo("NDATA#5 DDATA:conveyor#6");

        wire.deviceInput("motor-a", true);
        List<TahuView.D> back = decode(wire.pending());
        assertThat(types(back)).isEqualTo("DBIRTH:motor-a#7 DDATA:motor-a#8");
        assertThat(back.get(0).values()).as("current values").containsEntry("prediction/label", "imbalance")
                .containsEntry("telemetry/rate_hz", 0.0);
        assertThat(back.get(1).payload().getMetrics()).allMatch(m -> Boolean.TRUE.equals(m.isHistorical()));
        assertThat(back.get(1).values()).containsEntry("prediction/seq", 2L);
    }

    @Test
    void aDeviceDownAtBirthTimeIsNotBornUntilItsInputDelivers() throws Exception {
        wire.deviceInput("conveyor", false);
        assertThat(types(decode(wire.births()))).isEqualTo("NBIRTH#0 DBIRTH:motor-a#1");
        wire.deviceInput("conveyor", true);
        // Its first prediction may come before the sender's next turn: the DBIRTH goes first all the same.
        List<TahuView.D> first = decode(wire.encode("edgeinfer/pi-1/pipelines/conveyor/predictions",
                Json.encode(Map.of("seq", 0, "ts_ms", 7000, "label", "washer", "scores", Map.of("washer", 0.8))), 7000,
                false));
        assertThat(types(first)).isEqualTo("DBIRTH:conveyor#2");
        assertThat(first.get(0).values()).containsEntry("prediction/label", "washer");
        assertThat(wire.pending()).isEmpty();
    }

    @Test
    void aRebirthRequestAfterDataIsTheWholeSequenceAgain() throws Exception {
        decode(wire.births());
        decode(wire.encode(TELEMETRY, telemetry(5000, 3.1, 0.5), 5000, false));
        wire.requestRebirth();
        List<TahuView.D> again = decode(wire.pending());
        assertThat(types(again)).isEqualTo("NBIRTH#0 DBIRTH:motor-a#1 DBIRTH:conveyor#2");
        assertThat(again.get(0).values()).containsEntry("telemetry/cpu_percent", 12.5);
        assertThat(again.get(2).values()).containsEntry("telemetry/rate_hz", 0.5);
    }

    @Test
    void commandTopicsAreTheNodesAndEachDevices() {
        assertThat(wire.commandTopics()).containsExactly("spBv1.0/plant/NCMD/pi-1", "spBv1.0/plant/DCMD/pi-1/motor-a",
                "spBv1.0/plant/DCMD/pi-1/conveyor");
    }
}
