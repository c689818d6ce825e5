package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.host.HostApplication;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.EdgeNodeDescriptor;
import org.eclipse.tahu.message.model.MessageType;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.message.model.Topic;
import org.eclipse.tahu.model.MqttServerDefinition;
import org.eclipse.tahu.mqtt.MqttClientId;
import org.eclipse.tahu.mqtt.MqttServerName;
import org.eclipse.tahu.mqtt.MqttServerUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Eclipse Tahu's own host application ({@code org.eclipse.tahu:tahu-host}, the reference a host
 * builds on) as the primary host of a launched daemon, on mosquitto, judged through its event
 * handler and its log: births complete, data arrive, its rebirth command gets one new birth and no
 * death, its STATE offline and online end and start sessions, a kill -9's will is accepted and stales
 * the metrics, a restart births again, a clean stop is an NDEATH, and it never has to ask for a
 * rebirth on its own.
 */
class TahuHostIT {
    private static final String GROUP = "plant";
    private static final String NODE = "line8-pi";

    @TempDir
    Path dir;

    private String yaml(SparkplugRig rig) {
        String labels = "[normal, imbalance, misalignment, bearing_fault]";
        return """
                device_id: sp-tahu
                pipelines:
                  - id: motor-a
                    model: {path: %s, labels: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 1}
                    window: {size: 256, hop: 64}
                  - id: motor-b
                    model: {path: %s, labels: %s}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 2}
                    window: {size: 256, hop: 64}
                mqtt:
                  broker: "%s"
                  keepalive_s: 5
                  reconnect: {min_ms: 50, max_ms: 500}
                  format: sparkplug
                  sparkplug: {group_id: %s, edge_node_id: %s, primary_host_id: tahu-host}
                outbox: {path: "%s"}
                telemetry: {interval_s: 1}
                """.formatted(SparkplugRig.MODEL, labels, SparkplugRig.MODEL, labels, rig.tap.url(), GROUP, NODE,
                dir.resolve("outbox.db"));
    }

    private static HostApplication tahuHost(TahuEvents events, String brokerUrl) throws Exception {
        MqttServerDefinition server = new MqttServerDefinition(new MqttServerName("mosquitto"),
                new MqttClientId("tahu-host-it", false), new MqttServerUrl(brokerUrl), null, null, 30, null);
        return new HostApplication(events, "tahu-host", List.of("spBv1.0/" + GROUP + "/#"), List.of(server), null,
                new SparkplugBPayloadDecoder(), true);
    }

    /** Tahu's INFO lines stay out of the build's output; this test reads them here. */
    private static ListAppender<ILoggingEvent> tahuLog() {
        Logger tahu = (Logger) LoggerFactory.getLogger("org.eclipse.tahu");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        tahu.setLevel(Level.INFO);
        tahu.setAdditive(false);
        tahu.addAppender(log);
        return log;
    }

    private static long lines(ListAppender<ILoggingEvent> log, String text) {
        return log.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void tahusHostApplicationSeesOneHonestNodeThroughRebirthHostOutageKillAndStop() throws Exception {
        ListAppender<ILoggingEvent> log = tahuLog();
        TahuEvents events = new TahuEvents();
        try (SparkplugRig rig = new SparkplugRig(dir, GROUP)) {
            HostApplication host = tahuHost(events, rig.broker.url());
            host.setOnlineState(true);
            host.start(true);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.connects.get() == 1);
            Process daemon = rig.launch(yaml(rig), "first.log");
            try {
                // Births complete (node, then each device) and data metrics arrive.
                await().atMost(Duration.ofSeconds(90)).until(() -> events.count("NBIRTH") == 1 && events.count(
                        "DBIRTH motor-b") == 1
                        && events.data.contains("motor-a:prediction/scores/normal") && events.data.contains(
                                "telemetry/rate_hz"));
                assertThat(events.lifecycle).containsExactly("NBIRTH", "DBIRTH motor-a", "DBIRTH motor-b");

                // Its rebirth command, as it publishes it (no datatypes): one birth, no death, no reconnect.
                host.publishCommand(new Topic("spBv1.0", new EdgeNodeDescriptor(GROUP, NODE), MessageType.NCMD),
                        rebirth());
                await().atMost(Duration.ofSeconds(20)).until(() -> events.count("NBIRTH") == 2 && events.count(
                        "DBIRTH motor-b") == 2);
                int data = events.data.size();
                await().atMost(Duration.ofSeconds(10)).until(() -> events.data.size() > data + 20);
                assertThat(events.count("NDEATH")).isZero();
                assertThat(rig.tap.sent(WireTap.CONNECT)).hasSize(1);

                // The host goes offline: the node ends its session (NDEATH) and waits; it births again when the host is back.
                host.setOnlineState(false);
                await().atMost(Duration.ofSeconds(20)).until(() -> events.count("NDEATH") == 1 && rig.tap.sent(
                        WireTap.CONNECT).size() == 2);
                host.setOnlineState(true);
                await().atMost(Duration.ofSeconds(20)).until(() -> events.count("NBIRTH") == 3 && events.count(
                        "DBIRTH motor-b") == 3);

                // kill -9: the broker publishes the will; Tahu accepts it (its bdSeq is the birth's) and stales the metrics.
                int staleBefore = events.stale.get();
                SparkplugRig.kill9(daemon);
                await().atMost(Duration.ofSeconds(20)).until(() -> events.count("NDEATH") == 2);
                await().atMost(Duration.ofSeconds(5)).until(() -> events.stale.get() > staleBefore + 50);
            } finally {
                SparkplugRig.kill9(daemon);
            }
            assertThat(lines(log, "ignoring NDEATH")).as("the will matched the birth").isZero();

            Process again = rig.launch(yaml(rig), "second.log");
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> events.count("NBIRTH") == 4 && events.count(
                        "DBIRTH motor-b") == 4);
                int data = events.data.size();
                await().atMost(Duration.ofSeconds(10)).until(() -> events.data.size() > data + 20);
            } finally {
                again.destroy(); // SIGTERM: the clean stop says NDEATH
                again.waitFor(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> events.count("NDEATH") == 3);
            host.shutdown();
            assertThat(again.exitValue()).isZero();
            assertThat(lines(log, "Handling NBIRTH")).as("Tahu's own log is what is read here").isEqualTo(4);
            assertThat(lines(log, "Requesting Rebirth")).as("Tahu never had to ask for a rebirth").isZero();
            assertThat(lines(log, "ignoring NDEATH")).isZero();
            assertThat(lines(log, "Failed to handle")).isZero();
            assertThat(events.lifecycle.stream().filter(e -> e.startsWith("DDEATH"))).isEmpty();
        } finally {
            Logger tahu = (Logger) LoggerFactory.getLogger("org.eclipse.tahu");
            tahu.detachAppender(log);
            tahu.setAdditive(true);
        }
    }

    private static SparkplugBPayload rebirth() throws Exception {
        return new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date())
                .addMetric(new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, true)
                        .createMetric())
                .createPayload();
    }
}
