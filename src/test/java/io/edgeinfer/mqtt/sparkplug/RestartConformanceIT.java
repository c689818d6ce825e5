package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's daemon killed with SIGKILL, started again while the broker is away (refused for
 * 3 s, storing what it measures), then stopped with SIGTERM: the broker publishes the killed
 * session's will, the next session carries the next bdSeq (never 0 again), and the backlog arrives as
 * history stamped with its publish time.
 */
class RestartConformanceIT extends ConformanceSuite {
    private static final String GROUP = "plant";
    private static final String NODE = "line6-pi";
    private static final String PREFIX = "spBv1.0/" + GROUP + "/";

    private List<SparkplugHost.Msg> deaths;
    private int secondExit;

    @BeforeAll
    void run(@TempDir Path dir) throws Exception {
        rig = new SparkplugRig(dir, GROUP);
        SparkplugHost host = rig.host;
        String yaml = rig.nodeYaml("sp-restart", GROUP, NODE, "");
        Process first = rig.launch(yaml, "first.log");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> host.of("NDATA").size() >= 300);
        } finally {
            SparkplugRig.kill9(first);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> host.of("NDEATH").size() == 1);

        rig.tap.pause(); // the broker is away while the daemon starts again
        Process second = rig.launch(yaml, "second.log");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> rig.processLog("second.log").contains(
                    "first prediction"));
            Thread.sleep(3000); // measuring into the outbox while every connect is refused, not a synchronisation
            rig.tap.resume();
            await().atMost(Duration.ofSeconds(60)).until(() -> host.of("NBIRTH").size() == 2
                    && rig.processLog("second.log").contains("MQTT backlog replayed")
                    && host.after(host.of("NBIRTH").get(1)).size() >= 300);
        } finally {
            second.destroy(); // SIGTERM: a clean stop
            second.waitFor(30, TimeUnit.SECONDS);
        }
        secondExit = second.exitValue();
        await().atMost(Duration.ofSeconds(10)).until(() -> host.of("NDEATH").size() == 2);
        deaths = host.of("NDEATH");
        recorded(PREFIX + "NDEATH/" + NODE);
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return new Rules()
                .rule("tck-id-topics-nbirth-bdseq-increment", this::oneConnectPerProcessAndTheNextNumber)
                .rule("tck-id-message-flow-edge-node-birth-publish-will-message-payload-bdSeq",
                        this::oneConnectPerProcessAndTheNextNumber)
                .rule("tck-id-payloads-ndeath-bdseq", () -> {
                    assertThat(deaths.get(0).values().get("bdSeq")).as("the will of the killed session").isEqualTo(0L);
                    assertThat(deaths.get(1).values().get("bdSeq")).as("the clean stop").isEqualTo(1L);
                })
                .rule("tck-id-payloads-nbirth-bdseq-repeat", () -> {
                    for (Recording.Connection c : rec.connections) {
                        assertThat(c.of("NBIRTH").get(0).values().get("bdSeq")).isEqualTo(c.willBdSeq());
                    }
                })
                .rule("tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath",
                        this::theCleanStopSaidItsDeath)
                .rule("tck-id-payloads-ndata-timestamp", () -> checks.publishTime("NDATA"))
                .rule("tck-id-payloads-sequence-num-incrementing", checks::seqCountsEveryMessage)
                .tests();
    }

    /** Refused attempts while the broker was away sent no CONNECT and used no number. */
    private void oneConnectPerProcessAndTheNextNumber() throws Exception {
        assertThat(rec.connections).hasSize(2);
        assertThat(rec.connections.get(0).willBdSeq()).isZero();
        assertThat(rec.connections.get(1).willBdSeq()).isEqualTo(1);
    }

    private void theCleanStopSaidItsDeath() {
        assertThat(secondExit).isZero();
        List<WireTap.Packet> sent = rec.connections.get(1).packets().stream().filter(WireTap.Packet::fromClient)
                .toList();
        assertThat(sent.get(sent.size() - 1).type()).isEqualTo(WireTap.DISCONNECT);
        assertThat(sent.stream().filter(p -> p.type() == WireTap.PUBLISH && p.topic().equals(PREFIX + "NDEATH/"
                + NODE)))
                .singleElement().extracting(WireTap.Packet::qos).isEqualTo(1);
    }

    @Test
    void whatWasMeasuredWhileTheBrokerWasAwayArrivesAsHistoryWithItsCaptureTimes() {
        List<Recording.Pub> history = rec.connections.get(1).of("NDATA").stream().filter(Recording.Pub::historical)
                .toList();
        assertThat(history).as("3 s at 200 windows/s, and what the killed daemon had not sent").hasSizeGreaterThan(300);
        assertThat(history).allMatch(p -> p.payload().getMetrics().stream()
                .allMatch(m -> m.getTimestamp().getTime() < p.payload().getTimestamp().getTime()));
        Recording.Pub birth = rec.connections.get(1).of("NBIRTH").get(0);
        assertThat(birth.values().get("prediction/label")).as("the birth carries the newest prediction").isNotNull();
    }
}
