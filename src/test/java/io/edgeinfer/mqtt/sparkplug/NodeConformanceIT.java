package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge node of a single-pipeline config (node-level NDATA, as since the first Sparkplug
 * release) through first start, a rebirth request as Tahu's host sends it, an 8 s broker outage with
 * its backlog, and a clean stop, on mosquitto. What the node sent is read at the tap (packets,
 * QoS, order) and decoded with Tahu; each rule of Sparkplug B 3.0 is a test named by its tck-id.
 */
class NodeConformanceIT extends ConformanceSuite {
    private static final String GROUP = "plant";
    private static final String NODE = "line3-pi";
    private static final String PREFIX = "spBv1.0/" + GROUP + "/";

    private List<SparkplugHost.Msg> seen;
    private int ndeathsAtHostBeforeStop;

    @BeforeAll
    void run(@TempDir Path dir) throws Exception {
        rig = new SparkplugRig(dir, GROUP);
        Daemon d = rig.start(rig.nodeYaml("sp-node", GROUP, NODE, ""));
        SparkplugHost host = rig.host;
        try {
            // 200 windows/s: seq wraps past 255 within two seconds.
            await().atMost(Duration.ofSeconds(60)).until(() -> host.of("NDATA").size() >= 600);
            host.publish(PREFIX + "NCMD/" + NODE, SparkplugCommands.rebirth(), 0, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> host.of("NBIRTH").size() >= 2
                    && host.after(host.of("NBIRTH").get(1)).size() >= 100);

            // The broker goes away for 8 s; the will is published when the link is cut.
            rig.tap.pause();
            await().atMost(Duration.ofSeconds(10)).until(() -> host.of("NDEATH").size() >= 1);
            rig.broker.stop();
            Thread.sleep(8000); // the outage itself, not a synchronisation
            rig.broker.start();
            await().atMost(Duration.ofSeconds(20)).until(host::connected);
            rig.tap.resume();
            await().atMost(Duration.ofSeconds(60)).until(() -> host.of("NBIRTH").size() >= 3
                    && !rig.logged("MQTT backlog replayed").isEmpty()
                    && host.after(host.of("NBIRTH").get(2)).size() >= 300);
            ndeathsAtHostBeforeStop = host.of("NDEATH").size();
        } finally {
            d.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> host.of("NDEATH").size() > ndeathsAtHostBeforeStop);
        recorded(PREFIX + "NDEATH/" + NODE);
        seen = host.all();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return new Rules()
                .rule("tck-id-principles-persistence-clean-session-311", () -> assertThat(rec.connections)
                        .hasSize(2).allMatch(c -> c.connect().cleanSession()))
                .rule("tck-id-message-flow-edge-node-birth-publish-will-message", this::everyConnectHasAWill)
                .rule("tck-id-payloads-ndeath-will-message", this::everyConnectHasAWill)
                .rule("tck-id-message-flow-edge-node-birth-publish-will-message-topic", () -> assertThat(
                        rec.connections)
                        .allMatch(c -> c.connect().willTopic().equals(PREFIX + "NDEATH/" + NODE)))
                .rule("tck-id-message-flow-edge-node-birth-publish-will-message-payload", () -> {
                    for (Recording.Connection c : rec.connections) {
                        assertThat(c.will().getMetrics()).isNotEmpty();
                    }
                })
                .rule("tck-id-message-flow-edge-node-birth-publish-will-message-qos", this::willQos1)
                .rule("tck-id-payloads-ndeath-will-message-qos", this::willQos1)
                .rule("tck-id-message-flow-edge-node-birth-publish-will-message-will-retained", this::willNotRetained)
                .rule("tck-id-payloads-ndeath-will-message-retain", this::willNotRetained)
                .rule("tck-id-message-flow-edge-node-birth-publish-will-message-payload-bdSeq",
                        this::willBdSeqCountsConnects)
                .rule("tck-id-topics-nbirth-bdseq-increment", this::willBdSeqCountsConnects)
                .rule("tck-id-topics-nbirth-bdseq-matching", this::birthBdSeqIsTheWills)
                .rule("tck-id-payloads-nbirth-bdseq-repeat", this::birthBdSeqIsTheWills)
                .rule("tck-id-message-flow-edge-node-birth-publish-nbirth-payload-bdSeq", this::birthBdSeqIsTheWills)
                .rule("tck-id-operational-behavior-data-commands-rebirth-action-3", this::birthBdSeqIsTheWills)
                .rule("tck-id-payloads-ndeath-bdseq", this::deathBdSeqIsTheBirths)
                .rule("tck-id-message-flow-edge-node-ncmd-subscribe", this::ncmdSubscribedAtQos1BeforeTheBirth)
                .rule("tck-id-topics-ncmd-topic", this::ncmdSubscribedAtQos1BeforeTheBirth)
                .rule("tck-id-message-flow-edge-node-birth-publish-connect", () -> assertThat(rec.connections)
                        .allMatch(c -> c.packets().get(0).type() == WireTap.CONNECT))
                .rule("tck-id-principles-birth-certificates-order", this::nbirthIsTheFirstPublish)
                .rule("tck-id-payloads-ndata-order", this::nbirthIsTheFirstPublish)
                .rule("tck-id-topics-nbirth-topic", () -> topics("NBIRTH"))
                .rule("tck-id-message-flow-edge-node-birth-publish-nbirth-topic", () -> topics("NBIRTH"))
                .rule("tck-id-message-flow-edge-node-birth-publish-nbirth-payload", () -> decoded("NBIRTH"))
                .rule("tck-id-topics-nbirth-mqtt", () -> checks.qos0NotRetained("NBIRTH"))
                .rule("tck-id-payloads-nbirth-qos", () -> checks.qos0NotRetained("NBIRTH"))
                .rule("tck-id-payloads-nbirth-retain", () -> checks.qos0NotRetained("NBIRTH"))
                .rule("tck-id-message-flow-edge-node-birth-publish-nbirth-qos", () -> checks.qos0NotRetained("NBIRTH"))
                .rule("tck-id-message-flow-edge-node-birth-publish-nbirth-retained", () -> checks.qos0NotRetained(
                        "NBIRTH"))
                .rule("tck-id-topics-nbirth-seq-num", this::birthSeqZero)
                .rule("tck-id-payloads-nbirth-seq", this::birthSeqZero)
                .rule("tck-id-payloads-sequence-num-req-nbirth", this::birthSeqZero)
                .rule("tck-id-message-flow-edge-node-birth-publish-nbirth-payload-seq", this::birthSeqZero)
                .rule("tck-id-topics-nbirth-timestamp", () -> publishTime("NBIRTH"))
                .rule("tck-id-payloads-nbirth-timestamp", () -> publishTime("NBIRTH"))
                .rule("tck-id-topics-nbirth-metric-reqs", () -> checks.everyDataMetricWasBorn())
                .rule("tck-id-operational-behavior-data-publish-nbirth", () -> checks.everyDataMetricWasBorn())
                .rule("tck-id-topics-nbirth-metrics", () -> checks.birthMetricsHaveNameTypeAndValue("NBIRTH"))
                .rule("tck-id-topics-nbirth-bdseq-included", this::birthHasBdSeq)
                .rule("tck-id-payloads-nbirth-bdseq", this::birthHasBdSeq)
                .rule("tck-id-topics-nbirth-rebirth-metric", this::birthHasRebirthFalse)
                .rule("tck-id-payloads-nbirth-rebirth-req", this::birthHasRebirthFalse)
                .rule("tck-id-operational-behavior-data-commands-rebirth-name", this::birthHasRebirthFalse)
                .rule("tck-id-operational-behavior-data-commands-rebirth-datatype", this::birthHasRebirthFalse)
                .rule("tck-id-operational-behavior-data-commands-rebirth-value", this::birthHasRebirthFalse)
                .rule("tck-id-operational-behavior-data-commands-rebirth-name-aliases", () -> assertThat(rec.of(
                        "NBIRTH"))
                        .allMatch(b -> !b.raw().getMetricsList().stream().anyMatch(
                                SparkplugBProto.Payload.Metric::hasAlias)))
                .rule("tck-id-operational-behavior-data-publish-nbirth-values", this::birthsCarryCurrentValues)
                .rule("tck-id-topics-ndata-topic", () -> topics("NDATA"))
                .rule("tck-id-topics-ndata-mqtt", () -> checks.qos0NotRetained("NDATA"))
                .rule("tck-id-payloads-ndata-qos", () -> checks.qos0NotRetained("NDATA"))
                .rule("tck-id-payloads-ndata-retain", () -> checks.qos0NotRetained("NDATA"))
                .rule("tck-id-topics-ndata-seq-num", this::seqCountsEveryMessageAndWraps)
                .rule("tck-id-payloads-ndata-seq", this::seqCountsEveryMessageAndWraps)
                .rule("tck-id-payloads-ndata-seq-inc", this::seqCountsEveryMessageAndWraps)
                .rule("tck-id-payloads-sequence-num-always-included", this::seqCountsEveryMessageAndWraps)
                .rule("tck-id-payloads-sequence-num-incrementing", this::seqCountsEveryMessageAndWraps)
                .rule("tck-id-topics-ndata-timestamp", () -> publishTime("NDATA"))
                .rule("tck-id-payloads-ndata-timestamp", () -> publishTime("NDATA"))
                .rule("tck-id-topics-ndata-payload", this::dataCarriesOnlyChanges)
                .rule("tck-id-operational-behavior-data-publish-nbirth-change", this::dataCarriesOnlyChanges)
                .rule("tck-id-principles-rbe-recommended", this::dataCarriesOnlyChanges)
                .rule("tck-id-payloads-metric-datatype-not-req", () -> checks.dataHaveNoDatatypes("NDATA"))
                .rule("tck-id-payloads-metric-datatype-req", () -> checks.birthMetricsHaveNameTypeAndValue("NBIRTH"))
                .rule("tck-id-payloads-metric-datatype-value", this::datatypesAreSparkplugTypes)
                .rule("tck-id-payloads-metric-datatype-value-type", this::datatypesAreSparkplugTypes)
                .rule("tck-id-payloads-name-requirement", () -> assertThat(rec.pubs())
                        .allMatch(p -> p.raw().getMetricsList().stream().allMatch(
                                SparkplugBProto.Payload.Metric::hasName)))
                .rule("tck-id-payloads-name-birth-data-requirement", () -> assertThat(rec.pubs()).filteredOn(p -> !p
                        .type()
                        .equals("NDEATH")).allMatch(p -> p.raw().getMetricsList().stream()
                                .allMatch(SparkplugBProto.Payload.Metric::hasTimestamp)))
                .rule("tck-id-payloads-metric-timestamp-in-UTC", this::timestampsAreUtcMillis)
                .rule("tck-id-payloads-timestamp-in-UTC", this::timestampsAreUtcMillis)
                .rule("tck-id-operational-behavior-data-publish-nbirth-order", () -> assertThat(rec.pubs())
                        .allMatch(p -> p.payload().getMetrics().stream().map(Metric::getName).distinct().count() == p
                                .payload().getMetrics().size()))
                .rule("tck-id-topics-ndeath-topic", () -> topics("NDEATH"))
                .rule("tck-id-topics-ndeath-payload", () -> assertThat(rec.of("NDEATH"))
                        .allMatch(p -> p.values().keySet().equals(Set.of("bdSeq"))))
                .rule("tck-id-topics-ndeath-seq", this::deathHasNoSeq)
                .rule("tck-id-payloads-ndeath-seq", this::deathHasNoSeq)
                .rule("tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath",
                        this::cleanStopSaysNdeathThenDisconnects)
                .rule("tck-id-payloads-ndeath-will-message-publisher", this::cleanStopSaysNdeathThenDisconnects)
                .rule("tck-id-payloads-ndeath-will-message-publisher-disconnect-mqtt311",
                        this::cleanStopSaysNdeathThenDisconnects)
                .rule("tck-id-operational-behavior-edge-node-intentional-disconnect-packet",
                        this::cleanStopSaysNdeathThenDisconnects)
                .rule("tck-id-operational-behavior-data-commands-rebirth-action-1",
                        this::rebirthIsOneBirthInTheSameSession)
                .rule("tck-id-operational-behavior-data-commands-rebirth-action-2",
                        this::rebirthIsOneBirthInTheSameSession)
                .rule("tck-id-case-sensitivity-metric-names", () -> {
                    for (Recording.Pub b : rec.of("NBIRTH")) {
                        Set<String> lower = new HashSet<>();
                        b.payload().getMetrics().forEach(m -> assertThat(lower.add(m.getName().toLowerCase(
                                Locale.ROOT)))
                                .as(m.getName()).isTrue());
                    }
                })
                .rule("tck-id-topic-structure-namespace-device-id-non-associated-message-types", () -> assertThat(rec
                        .pubs())
                        .allMatch(p -> p.packet().topic().split("/").length == 4))
                .rule("tck-id-topic-structure", this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-topic-structure-namespace-a", this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-topic-structure-namespace-valid-group-id",
                        this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-topic-structure-namespace-valid-edge-node-id",
                        this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-intro-group-id-string", this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-intro-group-id-chars", this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-intro-edge-node-id-string", this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-intro-edge-node-id-chars", this::everySparkplugTopicIsNamespaceGroupTypeNode)
                .rule("tck-id-operational-behavior-primary-application-state-with-multiple-servers-single-server",
                        this::neverTwoConnectionsAtOnce)
                .tests();
    }

    /** Publishes, subscriptions and the will: {@code spBv1.0/plant/TYPE/line3-pi}, ids free of '+', '/' and '#'. */
    private void everySparkplugTopicIsNamespaceGroupTypeNode() {
        List<String> topics = new ArrayList<>();
        rec.pubs().forEach(p -> topics.add(p.packet().topic()));
        for (Recording.Connection c : rec.connections) {
            topics.add(c.connect().willTopic());
            c.packets().stream().filter(p -> p.fromClient() && p.type() == WireTap.SUBSCRIBE)
                    .forEach(p -> p.filters().forEach(f -> topics.add(f.substring(0, f.indexOf('@')))));
        }
        assertThat(topics).hasSizeGreaterThan(1000).allSatisfy(t -> {
            String[] l = t.split("/");
            assertThat(l).hasSize(4);
            assertThat(l[0]).isEqualTo("spBv1.0");
            assertThat(l[1]).isEqualTo(GROUP);
            assertThat(l[2]).isIn("NBIRTH", "NDATA", "NDEATH", "NCMD");
            assertThat(l[3]).isEqualTo(NODE);
        });
    }

    /** Each connection ended (the tap saw its last packet) before the next one began. */
    private void neverTwoConnectionsAtOnce() {
        for (int i = 1; i < rec.connections.size(); i++) {
            List<WireTap.Packet> before = rec.connections.get(i - 1).packets();
            assertThat(rec.connections.get(i).packets().get(0).atMs()).isGreaterThanOrEqualTo(before.get(before.size()
                    - 1).atMs());
        }
    }

    private void everyConnectHasAWill() {
        assertThat(rec.connections).allMatch(c -> c.connect().willTopic() != null);
    }

    private void willQos1() {
        assertThat(rec.connections).allMatch(c -> c.connect().willQos() == 1);
    }

    private void willNotRetained() {
        assertThat(rec.connections).allMatch(c -> !c.connect().willRetained());
    }

    /** A fresh node starts at 0 and counts each CONNECT once: the outage added exactly one. */
    private void willBdSeqCountsConnects() throws Exception {
        assertThat(rec.connections.get(0).willBdSeq()).isZero();
        for (int i = 1; i < rec.connections.size(); i++) {
            assertThat(rec.connections.get(i).willBdSeq()).isEqualTo((rec.connections.get(i - 1).willBdSeq() + 1)
                    % 256);
        }
    }

    private void birthBdSeqIsTheWills() throws Exception {
        for (Recording.Connection c : rec.connections) {
            assertThat(c.of("NBIRTH")).isNotEmpty();
            for (Recording.Pub b : c.of("NBIRTH")) {
                assertThat(b.values().get("bdSeq")).isEqualTo(c.willBdSeq());
            }
        }
    }

    /** The will (broker, on the cut link) and the clean stop's NDEATH both carry their session's bdSeq. */
    private void deathBdSeqIsTheBirths() throws Exception {
        List<SparkplugHost.Msg> deaths = seen.stream().filter(m -> m.type().equals("NDEATH")).toList();
        assertThat(deaths).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(deaths.get(i).values().get("bdSeq")).isEqualTo(rec.connections.get(i).willBdSeq());
        }
    }

    private void ncmdSubscribedAtQos1BeforeTheBirth() {
        for (Recording.Connection c : rec.connections) {
            int sub = -1;
            for (int i = 0; i < c.packets().size(); i++) {
                WireTap.Packet p = c.packets().get(i);
                if (p.fromClient() && p.type() == WireTap.SUBSCRIBE && p.filters().contains(PREFIX + "NCMD/" + NODE
                        + "@1")) {
                    sub = i;
                    break;
                }
            }
            assertThat(sub).as("connection %d subscribes to NCMD at QoS 1", c.number()).isPositive();
            int suback = indexAfter(c, sub, WireTap.SUBACK);
            assertThat(suback).as("SUBACK").isPositive();
            assertThat(c.firstSent(WireTap.PUBLISH)).as("first PUBLISH after the SUBACK").isGreaterThan(suback);
        }
    }

    private static int indexAfter(Recording.Connection c, int from, int type) {
        for (int i = from + 1; i < c.packets().size(); i++) {
            if (!c.packets().get(i).fromClient() && c.packets().get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    /** The first PUBLISH of every connection, of any topic, is the NBIRTH. */
    private void nbirthIsTheFirstPublish() {
        for (Recording.Connection c : rec.connections) {
            WireTap.Packet first = c.packets().get(c.firstSent(WireTap.PUBLISH));
            assertThat(first.topic()).isEqualTo(PREFIX + "NBIRTH/" + NODE);
        }
    }

    private void topics(String type) {
        assertThat(rec.of(type)).isNotEmpty().allMatch(p -> p.packet().topic().equals(PREFIX + type + "/" + NODE));
    }

    private void decoded(String type) {
        assertThat(rec.of(type)).isNotEmpty().allMatch(p -> !p.payload().getMetrics().isEmpty());
        assertThat(rig.host.undecodable()).isEmpty();
    }

    private void birthSeqZero() {
        assertThat(rec.of("NBIRTH")).hasSize(3).allMatch(b -> b.payload().getSeq() == 0);
    }

    /** The payload timestamp is when the message was published (the tap's clock, same host), also for a replayed one. */
    private void publishTime(String type) {
        assertThat(rec.of(type)).isNotEmpty().allSatisfy(p -> assertThat(p.payload().getTimestamp().getTime())
                .isBetween(p.packet().atMs() - 2000, p.packet().atMs() + 50));
        if (type.equals("NDATA")) {
            List<Recording.Pub> historical = rec.of("NDATA").stream().filter(Recording.Pub::historical).toList();
            assertThat(historical).as("the outage's backlog").hasSizeGreaterThan(100);
            // Captured during the outage, published after it: metric time is capture time.
            assertThat(historical).allMatch(p -> p.payload().getMetrics().stream()
                    .allMatch(m -> m.getTimestamp().getTime() < p.payload().getTimestamp().getTime()));
        }
    }

    private void birthHasBdSeq() {
        assertThat(rec.of("NBIRTH")).allMatch(b -> b.metric("bdSeq") != null && b.metric("bdSeq")
                .getDataType() == MetricDataType.Int64);
    }

    private void birthHasRebirthFalse() {
        assertThat(rec.of("NBIRTH")).allSatisfy(b -> {
            Metric m = b.metric("Node Control/Rebirth");
            assertThat(m).isNotNull();
            assertThat(m.getDataType()).isEqualTo(MetricDataType.Boolean);
            assertThat(m.getValue()).isEqualTo(false);
        });
    }

    private void seqCountsEveryMessageAndWraps() {
        assertThat(checks.seqCountsEveryMessage()).as("wrapped past 255").isPositive();
    }

    /** Birth values are current: the rebirth's and the reconnect's NBIRTH carry what data reported before. */
    private void birthsCarryCurrentValues() {
        checks.birthsCarryCurrentValues("NBIRTH");
        assertThat(rec.of("NBIRTH").get(1).values().get("prediction/label")).isNotNull();
    }

    /** Live NDATA report a metric only when it differs from what the node last reported for it. */
    private void dataCarriesOnlyChanges() {
        checks.dataCarryOnlyChanges("NDATA");
        List<Recording.Pub> predictions = rec.of("NDATA").stream()
                .filter(p -> !p.historical() && p.values().containsKey("prediction/seq")).toList();
        assertThat(predictions).hasSizeGreaterThan(500);
        assertThat(predictions.stream().filter(p -> p.values().containsKey("prediction/model/sha256")))
                .as("the model's digest: once per session at most (when no birth carried it yet)")
                .hasSizeLessThanOrEqualTo(rec.connections.size());
    }

    private void datatypesAreSparkplugTypes() {
        for (Recording.Pub b : rec.of("NBIRTH")) {
            for (SparkplugBProto.Payload.Metric m : b.raw().getMetricsList()) {
                assertThat(m.getDatatype()).isBetween(1, 34);
            }
        }
    }

    private void timestampsAreUtcMillis() {
        long now = System.currentTimeMillis();
        for (Recording.Pub p : rec.pubs()) {
            assertThat(p.payload().getTimestamp().getTime()).isBetween(now - 3_600_000, now);
            p.payload().getMetrics().forEach(m -> assertThat(m.getTimestamp().getTime()).isBetween(now - 3_600_000,
                    now));
        }
    }

    private void deathHasNoSeq() {
        assertThat(seen.stream().filter(m -> m.type().equals("NDEATH"))).isNotEmpty()
                .allMatch(m -> !m.raw().hasSeq());
    }

    /** The clean stop: its NDEATH (QoS 1) is the last Sparkplug publish, then DISCONNECT. */
    private void cleanStopSaysNdeathThenDisconnects() {
        Recording.Connection last = rec.connections.get(rec.connections.size() - 1);
        List<WireTap.Packet> sent = last.packets().stream().filter(WireTap.Packet::fromClient).toList();
        int death = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).type() == WireTap.PUBLISH && sent.get(i).topic().equals(PREFIX + "NDEATH/" + NODE)) {
                death = i;
                assertThat(sent.get(i).qos()).isEqualTo(1);
            }
        }
        assertThat(death).as("NDEATH published").isPositive();
        assertThat(sent.get(sent.size() - 1).type()).as("the last packet").isEqualTo(WireTap.DISCONNECT);
        assertThat(sent.subList(death + 1, sent.size())).noneMatch(p -> p.type() == WireTap.PUBLISH
                && SparkplugHost.type(p.topic()) != null);
    }

    /** The rebirth request got one NBIRTH on the same connection: no NDEATH, no reconnect. */
    private void rebirthIsOneBirthInTheSameSession() {
        Recording.Connection first = rec.connections.get(0);
        assertThat(first.of("NBIRTH")).hasSize(2);
        assertThat(first.of("NDEATH")).isEmpty();
        Recording.Pub rebirth = first.of("NBIRTH").get(1);
        int at = first.pubs().indexOf(rebirth);
        assertThat(first.pubs().subList(at + 1, first.pubs().size())).hasSizeGreaterThan(50)
                .allMatch(p -> p.type().equals("NDATA"));
        assertThat(seen.stream().filter(m -> m.type().equals("NDEATH")).count()).as(
                "deaths: the outage's and the stop's").isEqualTo(2);
    }
}
