package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge node configured with a primary host ({@code mqtt.sparkplug.primary_host_id: scada}): it
 * connects while the host's retained STATE says offline, sees another host and a stale online come
 * and go, births on the host's online STATE, ignores a stale offline and a STATE that is not JSON,
 * ends its session on the host's offline (NDEATH, DISCONNECT, a new CONNECT), stores data meanwhile
 * and sends it as history once the host is back; then the same with a host before Sparkplug 3.0.
 */
class PrimaryHostConformanceIT extends ConformanceSuite {
    private static final String GROUP = "plant";
    private static final String NODE = "line5-pi";
    private static final String PREFIX = "spBv1.0/" + GROUP + "/";
    private static final String STATE = "spBv1.0/STATE/scada";
    private static final Duration QUIET = Duration.ofSeconds(2);

    /** When the host said online (epoch ms, just before publishing), in order. */
    private final List<Long> onlineAt = new ArrayList<>();
    /** Tap packets before the first online STATE, and during the host's outage. */
    private int packetsBeforeOnline;
    private final List<Integer> outage = new ArrayList<>();

    private void state(boolean online, long timestamp) throws Exception {
        rig.host.publish(STATE, ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}").getBytes(
                StandardCharsets.UTF_8),
                1, true);
    }

    private long publishes() {
        return rig.tap.sent(WireTap.PUBLISH).size();
    }

    private void quietFor(Duration d) {
        long before = publishes();
        await().during(d).atMost(d.plusSeconds(2)).until(() -> publishes() == before);
    }

    @BeforeAll
    void run(@TempDir Path dir) throws Exception {
        rig = new SparkplugRig(dir, GROUP);
        SparkplugHost host = rig.host;
        long t0 = System.currentTimeMillis();
        state(false, t0); // the host's will, retained from before the node started
        Daemon d = rig.start(rig.nodeYaml("sp-phost", GROUP, NODE, ", primary_host_id: scada"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !rig.tap.sent(WireTap.SUBSCRIBE).isEmpty());
            quietFor(QUIET);
            host.publish("spBv1.0/STATE/other", "{\"online\":true,\"timestamp\":1}".getBytes(StandardCharsets.UTF_8), 1,
                    true);
            state(true, t0 - 1); // older than the offline already seen
            quietFor(QUIET);
            packetsBeforeOnline = rig.tap.packets().size();
            onlineAt.add(System.currentTimeMillis());
            long t1 = t0 + 1000;
            state(true, t1);
            await().atMost(Duration.ofSeconds(20)).until(() -> host.of("NBIRTH").size() == 1
                    && !rig.logged("MQTT backlog replayed").isEmpty() && host.of("NDATA").size() >= 300);

            state(false, t1 - 500); // stale: must not end the session
            host.publish(STATE, "the host is rebooting".getBytes(StandardCharsets.UTF_8), 1, false);
            await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> rig.tap.sent(WireTap.CONNECT).size() == 1);

            state(false, t1); // the host's will: same timestamp as its birth
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.tap.sent(WireTap.CONNECT).size() == 2
                    && !rig.tap.sent(WireTap.SUBSCRIBE).stream().filter(p -> p.connection() == connection(2)).toList()
                            .isEmpty());
            outage.add(rig.tap.packets().size());
            quietFor(Duration.ofSeconds(3));
            outage.add(rig.tap.packets().size());
            onlineAt.add(System.currentTimeMillis());
            state(true, t1 + 5000);
            await().atMost(Duration.ofSeconds(30)).until(() -> host.of("NBIRTH").size() == 2
                    && rig.logged("MQTT backlog replayed").size() >= 2 && host.after(host.of("NBIRTH").get(1))
                            .size() >= 300);

            // A host before Sparkplug 3.0: its STATE/<id> topic, ONLINE and OFFLINE, no timestamp.
            host.publish(STATE, new byte[0], 1, true); // the 3.0 host's retained state goes away
            host.publish("STATE/scada", "OFFLINE".getBytes(StandardCharsets.UTF_8), 1, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.tap.sent(WireTap.CONNECT).size() == 3);
            quietFor(QUIET);
            onlineAt.add(System.currentTimeMillis());
            host.publish("STATE/scada", "ONLINE".getBytes(StandardCharsets.UTF_8), 1, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> host.of("NBIRTH").size() == 3);
        } finally {
            d.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> host.of("NDEATH").size() == 3);
        recorded(PREFIX + "NDEATH/" + NODE);
    }

    private int connection(int nth) {
        return rig.tap.sent(WireTap.CONNECT).get(nth - 1).connection();
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return new Rules()
                .rule("tck-id-message-flow-edge-node-birth-publish-phid-wait", this::nothingBeforeTheHostIsOnline)
                .rule("tck-id-operational-behavior-edge-node-birth-sequence-wait", this::nothingBeforeTheHostIsOnline)
                .rule("tck-id-message-flow-edge-node-birth-publish-phid-wait-id", this::nothingBeforeTheHostIsOnline)
                .rule("tck-id-message-flow-edge-node-birth-publish-phid-wait-online",
                        this::nothingBeforeTheHostIsOnline)
                .rule("tck-id-message-flow-edge-node-birth-publish-phid-wait-timestamp",
                        this::nothingBeforeTheHostIsOnline)
                .rule("tck-id-operational-behavior-primary-application-state-with-multiple-servers-state-subs",
                        this::stateSubscribedOnEveryConnection)
                .rule("tck-id-message-flow-edge-node-birth-publish-phid-offline",
                        this::offlineMeansNdeathThenDisconnect)
                .rule("tck-id-operational-behavior-edge-node-termination-host-offline",
                        this::offlineMeansNdeathThenDisconnect)
                .rule("tck-id-operational-behavior-primary-application-state-with-multiple-servers-walk",
                        this::offlineMeansNdeathThenDisconnect)
                .rule("tck-id-operational-behavior-edge-node-termination-host-offline-reconnect",
                        () -> assertThat(rec.connections).hasSize(3))
                .rule("tck-id-operational-behavior-edge-node-termination-host-offline-timestamp",
                        () -> assertThat(rig.warnings("older than the last one seen")).hasSize(2))
                .rule("tck-id-topics-nbirth-bdseq-increment", () -> {
                    for (int i = 0; i < 3; i++) {
                        assertThat(rec.connections.get(i).willBdSeq()).isEqualTo(i);
                        assertThat(rec.connections.get(i).of("NBIRTH").get(0).values().get("bdSeq")).isEqualTo(
                                (long) i);
                    }
                })
                .tests();
    }

    private void nothingBeforeTheHostIsOnline() {
        List<WireTap.Packet> before = rig.tap.packets().subList(0, packetsBeforeOnline);
        assertThat(before).as("connected and subscribed").anyMatch(p -> p.type() == WireTap.SUBSCRIBE);
        assertThat(before).noneMatch(p -> p.fromClient() && p.type() == WireTap.PUBLISH);
        for (int i = 0; i < 3; i++) {
            Recording.Pub birth = rec.connections.get(i).pubs().get(0);
            assertThat(birth.type()).isEqualTo("NBIRTH");
            assertThat(birth.packet().atMs()).as("birth %d after the host said online", i).isGreaterThanOrEqualTo(
                    onlineAt.get(i));
        }
    }

    private void stateSubscribedOnEveryConnection() {
        for (Recording.Connection c : rec.connections) {
            List<String> filters = c.packets().stream().filter(p -> p.fromClient() && p.type() == WireTap.SUBSCRIBE)
                    .flatMap(p -> p.filters().stream()).toList();
            assertThat(filters).contains(STATE + "@1", "STATE/scada@1");
        }
    }

    /**
     * The 3.0 host's offline and the old host's OFFLINE each ended a session: the NDEATH at QoS 1 is
     * its last PUBLISH, then DISCONNECT. Between the two the client may still acknowledge the STATE
     * that ended the session (PUBACK) or ping, which are no messages.
     */
    private void offlineMeansNdeathThenDisconnect() {
        for (Recording.Connection c : rec.connections.subList(0, 2)) {
            List<WireTap.Packet> sent = c.packets().stream().filter(WireTap.Packet::fromClient).toList();
            assertThat(sent.get(sent.size() - 1).type()).isEqualTo(WireTap.DISCONNECT);
            List<WireTap.Packet> pubs = sent.stream().filter(p -> p.type() == WireTap.PUBLISH).toList();
            WireTap.Packet death = pubs.get(pubs.size() - 1);
            assertThat(death.topic()).isEqualTo(PREFIX + "NDEATH/" + NODE);
            assertThat(death.qos()).isEqualTo(1);
        }
    }

    /** While the host was away the node was connected and said nothing; what it measured meanwhile came after, as history. */
    @Test
    void dataMadeWhileTheHostWasAwayArriveAfterItsReturnAsHistory() {
        List<WireTap.Packet> quiet = rig.tap.packets().subList(outage.get(0), outage.get(1));
        assertThat(quiet).noneMatch(p -> p.fromClient() && p.type() == WireTap.PUBLISH);
        Recording.Connection back = rec.connections.get(1);
        List<Recording.Pub> history = back.of("NDATA").stream().filter(Recording.Pub::historical).toList();
        assertThat(history).as("the backlog of the outage").hasSizeGreaterThan(300);
        long returned = onlineAt.get(1);
        assertThat(history).allMatch(p -> p.payload().getMetrics().stream().allMatch(m -> m.getTimestamp()
                .getTime() < returned));
        checks.publishTime("NDATA");
    }

    @Test
    void badStateMessagesWereIgnoredWithOneWarningEach() {
        assertThat(rig.warnings("ignored STATE on " + STATE)).as("not JSON, and the empty retained message").hasSize(2);
    }
}
