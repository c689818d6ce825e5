package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.hardware.sim.Adxl345Sim;
import io.edgeinfer.hardware.sim.ChipSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.eclipse.tahu.message.model.MetricDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board with two pipelines (an ADXL345 on the simulated I2C bus, and the vibration simulator): the
 * board is the edge node, each pipeline a device. Through first start, a stuck then healthy signal, a
 * device rebirth request (DCMD), the ADXL345 unplugged and plugged back in (DDEATH, DBIRTH), a node
 * rebirth request, and a clean stop; each device rule of Sparkplug B 3.0 is a test named by its tck-id.
 */
class DeviceConformanceIT extends ConformanceSuite {
    private static final String GROUP = "plant";
    private static final String NODE = "line4-pi";
    private static final String PREFIX = "spBv1.0/" + GROUP + "/";
    private static final List<String> DEVICES = List.of("motor-a", "motor-b");

    private String yaml(Path dir) {
        String labels = "[normal, imbalance, misalignment, bearing_fault]";
        return """
                device_id: sp-devices
                pipelines:
                  - id: motor-a
                    model: {path: %s, labels: %s}
                    source: {type: adxl345, bus: 1, address: 0x53, rate_hz: 400, range_g: 4}
                    window: {size: 256, hop: 32}
                  - id: motor-b
                    model: {path: %s, labels: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 2}
                    window: {size: 256, hop: 32}
                mqtt:
                  broker: "%s"
                  keepalive_s: 2
                  reconnect: {min_ms: 50, max_ms: 500}
                  format: sparkplug
                  sparkplug: {group_id: %s, edge_node_id: %s}
                outbox: {path: "%s", commit_interval_ms: 10}
                telemetry: {interval_s: 0.5}
                """.formatted(SparkplugRig.MODEL, labels, SparkplugRig.MODEL, labels, rig.tap.url(), GROUP, NODE,
                dir.resolve("outbox.db"));
    }

    @BeforeAll
    void run(@TempDir Path dir) throws Exception {
        rig = new SparkplugRig(dir, GROUP);
        Files.createFile(dir.resolve("i2c-1"));
        Adxl345Sim chip = new Adxl345Sim(ChipSignal.constant(0.01, -0.02, 1.0));
        rig.board.attachI2c(1, 0x53, chip);
        SparkplugHost host = rig.host;
        Daemon d = rig.start(yaml(dir));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> flagged(host, "stuck") >= 1 && host.of("DDATA",
                    "motor-b").size() >= 20);
            chip.setSignal(ChipSignal.vibration(7, 400, MachineState.IMBALANCE));
            await().atMost(Duration.ofSeconds(30)).until(() -> host.of("DDATA", "motor-a").stream()
                    .anyMatch(m -> m.values().get("prediction/flags") instanceof String[] f && f.length == 0));

            host.publish(PREFIX + "DCMD/" + NODE + "/motor-b", SparkplugCommands.deviceRebirth(), 0, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> host.of("DBIRTH", "motor-b").size() == 2);

            chip.setPresent(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> host.of("DDEATH", "motor-a").size() == 1
                    && host.after(host.of("DDEATH", "motor-a").get(0)).stream().filter(m -> "motor-b".equals(m
                            .device())).count() >= 20);
            chip.setPresent(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> host.of("DBIRTH", "motor-a").size() == 2
                    && host.after(host.of("DBIRTH", "motor-a").get(1)).stream().anyMatch(m -> m.type().equals("DDATA")
                            && "motor-a".equals(m.device()) && m.values().containsKey("prediction/seq")));

            host.publish(PREFIX + "NCMD/" + NODE, SparkplugCommands.rebirth(), 0, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> host.of("NBIRTH").size() == 2
                    && host.after(host.of("NBIRTH").get(1)).stream().filter(m -> m.type().equals("DDATA"))
                            .count() >= 20);
        } finally {
            d.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> host.of("NDEATH").size() == 1);
        recorded(PREFIX + "NDEATH/" + NODE);
    }

    private static long flagged(SparkplugHost host, String flag) {
        return host.of("DDATA", "motor-a").stream().filter(m -> m.values().get("prediction/flags") instanceof String[] f
                && Arrays.asList(f).contains(flag)).count();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return new Rules()
                .rule("tck-id-topics-dbirth-topic", () -> checks.topics(PREFIX, NODE, "DBIRTH", true))
                .rule("tck-id-message-flow-device-birth-publish-dbirth-topic", () -> checks.topics(PREFIX, NODE,
                        "DBIRTH", true))
                .rule("tck-id-message-flow-device-birth-publish-dbirth-match-edge-node-topic",
                        () -> checks.topics(PREFIX, NODE, "DBIRTH", true))
                .rule("tck-id-message-flow-device-birth-publish-dbirth-payload", () -> assertThat(rig.host
                        .undecodable()).isEmpty())
                .rule("tck-id-topics-dbirth-mqtt", () -> checks.qos0NotRetained("DBIRTH"))
                .rule("tck-id-payloads-dbirth-qos", () -> checks.qos0NotRetained("DBIRTH"))
                .rule("tck-id-payloads-dbirth-retain", () -> checks.qos0NotRetained("DBIRTH"))
                .rule("tck-id-message-flow-device-birth-publish-dbirth-qos", () -> checks.qos0NotRetained("DBIRTH"))
                .rule("tck-id-message-flow-device-birth-publish-dbirth-retained", () -> checks.qos0NotRetained(
                        "DBIRTH"))
                .rule("tck-id-topics-dbirth-seq", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-dbirth-seq", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-dbirth-seq-inc", checks::seqCountsEveryMessage)
                .rule("tck-id-message-flow-device-birth-publish-dbirth-payload-seq", checks::seqCountsEveryMessage)
                .rule("tck-id-topics-dbirth-timestamp", () -> checks.publishTime("DBIRTH"))
                .rule("tck-id-payloads-dbirth-timestamp", () -> checks.publishTime("DBIRTH"))
                .rule("tck-id-topics-dbirth-metric-reqs", checks::everyDataMetricWasBorn)
                .rule("tck-id-operational-behavior-data-publish-dbirth", checks::everyDataMetricWasBorn)
                .rule("tck-id-topics-dbirth-metrics", () -> checks.birthMetricsHaveNameTypeAndValue("DBIRTH"))
                .rule("tck-id-operational-behavior-data-publish-dbirth-values", () -> checks.birthsCarryCurrentValues(
                        "DBIRTH"))
                .rule("tck-id-message-flow-device-birth-publish-nbirth-wait", this::nbirthBeforeAnyDbirth)
                .rule("tck-id-payloads-dbirth-order", this::everyNbirthIsFollowedByTheLiveDevicesDbirths)
                .rule("tck-id-payloads-ddata-order", this::noDeviceDataOutsideItsLife)
                .rule("tck-id-topics-ddata-topic", () -> checks.topics(PREFIX, NODE, "DDATA", true))
                .rule("tck-id-topics-ddata-mqtt", () -> checks.qos0NotRetained("DDATA"))
                .rule("tck-id-payloads-ddata-qos", () -> checks.qos0NotRetained("DDATA"))
                .rule("tck-id-payloads-ddata-retain", () -> checks.qos0NotRetained("DDATA"))
                .rule("tck-id-topics-ddata-seq-num", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-ddata-seq", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-ddata-seq-inc", checks::seqCountsEveryMessage)
                .rule("tck-id-topics-ddata-timestamp", () -> checks.publishTime("DDATA"))
                .rule("tck-id-payloads-ddata-timestamp", () -> checks.publishTime("DDATA"))
                .rule("tck-id-topics-ddata-payload", () -> checks.dataCarryOnlyChanges("DDATA"))
                .rule("tck-id-operational-behavior-data-publish-dbirth-change", () -> checks.dataCarryOnlyChanges(
                        "DDATA"))
                .rule("tck-id-operational-behavior-data-publish-dbirth-order", checks::oneValuePerMetric)
                .rule("tck-id-topics-ddeath-topic", () -> checks.topics(PREFIX, NODE, "DDEATH", true))
                .rule("tck-id-topics-ddeath-mqtt", () -> checks.qos0NotRetained("DDEATH"))
                .rule("tck-id-topics-ddeath-seq-num", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-ddeath-seq", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-ddeath-seq-inc", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-ddeath-seq-number", checks::seqCountsEveryMessage)
                .rule("tck-id-payloads-ddeath-timestamp", () -> checks.publishTime("DDEATH"))
                .rule("tck-id-operational-behavior-device-ddeath", this::theUnpluggedDeviceDiedAndTheOtherLivedOn)
                .rule("tck-id-message-flow-device-dcmd-subscribe", this::dcmdSubscribedAtQos1BeforeTheBirths)
                .rule("tck-id-topics-dcmd-topic", this::dcmdSubscribedAtQos1BeforeTheBirths)
                .rule("tck-id-topic-structure-namespace-device-id-associated-message-types",
                        () -> Stream.of("DBIRTH", "DDATA", "DDEATH").forEach(t -> checks.topics(PREFIX, NODE, t, true)))
                .rule("tck-id-topic-structure-namespace-valid-device-id", () -> assertThat(rec.pubs())
                        .filteredOn(p -> p.device() != null).allMatch(p -> DEVICES.contains(p.device())))
                .rule("tck-id-intro-device-id-string", () -> assertThat(rec.pubs())
                        .filteredOn(p -> p.device() != null).allMatch(p -> p.device().matches("[A-Za-z0-9_.-]+")))
                .rule("tck-id-intro-device-id-chars", () -> assertThat(rec.pubs())
                        .filteredOn(p -> p.device() != null).allMatch(p -> p.device().matches("[A-Za-z0-9_.-]+")))
                .rule("tck-id-topic-structure-namespace-unique-device-id",
                        () -> assertThat(DEVICES).doesNotHaveDuplicates())
                .rule("tck-id-payloads-metric-datatype-not-req", () -> checks.dataHaveNoDatatypes("DDATA"))
                .tests();
    }

    private void nbirthBeforeAnyDbirth() {
        for (Recording.Connection c : rec.connections) {
            assertThat(c.pubs().get(0).type()).isEqualTo("NBIRTH");
        }
    }

    /** Each NBIRTH is followed at once by a DBIRTH of every device (all inputs were up at those times). */
    private void everyNbirthIsFollowedByTheLiveDevicesDbirths() {
        List<Recording.Pub> pubs = rec.pubs();
        assertThat(rec.of("NBIRTH")).hasSize(2);
        for (Recording.Pub n : rec.of("NBIRTH")) {
            int i = pubs.indexOf(n);
            assertThat(pubs.subList(i + 1, i + 3)).extracting(Recording.Pub::type, Recording.Pub::device)
                    .containsExactly(Tuple.tuple("DBIRTH", "motor-a"),
                            Tuple.tuple("DBIRTH", "motor-b"));
        }
    }

    /** A device's data only between its DBIRTH and its DDEATH (or the session's end). */
    private void noDeviceDataOutsideItsLife() {
        for (Recording.Connection c : rec.connections) {
            Set<String> alive = new HashSet<>();
            for (Recording.Pub p : c.pubs()) {
                switch (p.type()) {
                    case "NBIRTH" -> alive.clear();
                    case "DBIRTH" -> alive.add(p.device());
                    case "DDEATH" -> alive.remove(p.device());
                    case "DDATA" -> assertThat(alive).as("DDATA of %s", p.device()).contains(p.device());
                    default -> {
                    }
                }
            }
        }
    }

    private void theUnpluggedDeviceDiedAndTheOtherLivedOn() {
        assertThat(rec.of("DDEATH")).singleElement().extracting(Recording.Pub::device).isEqualTo("motor-a");
        Recording.Pub death = rec.of("DDEATH").get(0);
        List<Recording.Pub> after = rec.pubs().subList(rec.pubs().indexOf(death) + 1, rec.pubs().size());
        assertThat(after.stream().filter(p -> p.type().equals("DDATA") && "motor-b".equals(p.device())).count())
                .isPositive();
        assertThat(rec.of("NDEATH")).as("the node lived on").hasSize(1);
    }

    private void dcmdSubscribedAtQos1BeforeTheBirths() {
        for (Recording.Connection c : rec.connections) {
            List<String> filters = c.packets().stream().filter(p -> p.fromClient() && p.type() == WireTap.SUBSCRIBE)
                    .flatMap(p -> p.filters().stream()).toList();
            assertThat(filters).contains(PREFIX + "DCMD/" + NODE + "/motor-a@1", PREFIX + "DCMD/" + NODE
                    + "/motor-b@1");
            int sub = c.firstSent(WireTap.SUBSCRIBE);
            assertThat(c.firstSent(WireTap.PUBLISH)).isGreaterThan(sub);
        }
    }

    @Test
    void flagsAreAStringArrayInTheBirthAndInData() {
        assertThat(rec.of("DBIRTH").get(0).metric("prediction/flags").getDataType()).isEqualTo(
                MetricDataType.StringArray);
        assertThat(rec.of("DDATA").stream().filter(p -> "motor-a".equals(p.device()))
                .map(p -> p.values().get("prediction/flags")).filter(f -> f != null).map(f -> Arrays.asList(
                        (String[]) f)))
                .contains(List.of("stuck"), List.of());
    }

    @Test
    void aDeviceRebirthRequestIsOneDbirthOfThatDeviceAlone() {
        List<Recording.Pub> pubs = rec.pubs();
        Recording.Pub second = rec.of("DBIRTH").stream().filter(p -> "motor-b".equals(p.device())).toList().get(1);
        int at = pubs.indexOf(second);
        String around = pubs.subList(Math.max(0, at - 5), Math.min(pubs.size(), at + 5)).stream()
                .map(p -> p.type() + ":" + p.device()).toList().toString();
        assertThat(List.of(pubs.get(at - 1), pubs.get(at + 1))).as("no NBIRTH, no other DBIRTH around it: %s", around)
                .noneMatch(p -> p.type().endsWith("BIRTH"));
    }

    @Test
    void theDevicesBirthAfterItsInputCameBackCarriesItsNewestValues() {
        Recording.Pub back = rec.of("DBIRTH").stream().filter(p -> "motor-a".equals(p.device())).toList().get(1);
        assertThat(back.values().get("prediction/label")).isNotNull();
        assertThat(back.values().get("telemetry/source/health")).isNotNull();
    }
}
