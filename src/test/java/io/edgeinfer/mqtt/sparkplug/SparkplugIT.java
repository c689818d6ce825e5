package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.message.model.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparkplug B on the embedded broker (Moquette), decoded with Eclipse Tahu as a SCADA host would;
 * the rule-by-rule suites on mosquitto are the *ConformanceIT classes beside this one.
 */
class SparkplugIT {
    private static final String NODE = "spBv1.0/plant/%s/line3-pi";

    @TempDir
    Path dir;

    private Daemon start(String broker) throws Exception {
        String yaml = TestConfigs.fastYaml(broker, "sp-1", dir.resolve("outbox.db").toString(),
                "format: sparkplug\nsparkplug: {group_id: plant, edge_node_id: line3-pi}");
        return Daemon.start(TestConfigs.parse(yaml), Clock.systemUTC());
    }

    private static List<SparkplugHost.Msg> of(List<SparkplugHost.Msg> all, String type) {
        return all.stream().filter(m -> m.type().equals(type)).toList();
    }

    @Test
    void birthDataAndDeathFollowTheSparkplugRules() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0)) {
            SparkplugHost host = new SparkplugHost(broker.url(), "plant");
            Daemon d = start(broker.url());
            try {
                // 200 windows/s: seq wraps past 255 within two seconds.
                await().atMost(Duration.ofSeconds(30)).until(() -> host.of("NDATA").size() >= 400);
                host.publish(NODE.formatted("NCMD"), SparkplugCommands.rebirth(), 1, false);
                await().atMost(Duration.ofSeconds(10)).until(() -> host.of("NBIRTH").size() >= 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> host.after(host.of("NBIRTH").get(1)).size() > 50);
            } finally {
                d.close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !host.of("NDEATH").isEmpty());
            List<SparkplugHost.Msg> got = host.all();
            assertThat(host.undecodable()).isEmpty();

            SparkplugHost.Msg birth = of(got, "NBIRTH").get(0);
            assertThat(got.get(0)).as("NBIRTH comes first").isEqualTo(birth);
            assertThat(birth.payload().getSeq()).isZero();
            long bdSeq = (Long) birth.values().get("bdSeq");
            List<String> names = birth.payload().getMetrics().stream().map(Metric::getName).toList();
            assertThat(names).contains("bdSeq", "Node Control/Rebirth", "prediction/label", "prediction/seq",
                    "prediction/scores/normal", "prediction/scores/imbalance", "prediction/scores/misalignment",
                    "prediction/scores/bearing_fault", "prediction/latency_ms/inference", "telemetry/rate_hz",
                    "telemetry/latency_ms/p99");

            // seq: +1 per message from NBIRTH, wrapping 255 -> 0, restarting at 0 with each NBIRTH.
            long expected = 0;
            int wraps = 0;
            for (SparkplugHost.Msg m : got) {
                if (m.type().equals("NBIRTH")) {
                    assertThat(m.payload().getSeq()).isZero();
                    assertThat(m.values().get("bdSeq")).isEqualTo(bdSeq);
                    expected = 1;
                } else if (m.type().equals("NDATA")) {
                    assertThat(m.payload().getSeq()).as("seq after %d", expected).isEqualTo(expected);
                    if (expected == 255) {
                        wraps++;
                    }
                    expected = (expected + 1) % 256;
                }
            }
            assertThat(wraps).isPositive();

            // Data carry what changed: the label when it changes, the scores with every window.
            SparkplugHost.Msg data = of(got, "NDATA").stream().filter(m -> m.values().containsKey(
                    "prediction/scores/normal"))
                    .findFirst().orElseThrow();
            double sum = data.values().entrySet().stream().filter(e -> e.getKey().startsWith("prediction/scores/"))
                    .mapToDouble(e -> (Double) e.getValue()).sum();
            assertThat(sum).isBetween(0.999, 1.001);
            assertThat((String) of(got, "NBIRTH").get(1).values().get("prediction/label"))
                    .isIn("normal", "imbalance", "misalignment", "bearing_fault");

            SparkplugHost.Msg death = of(got, "NDEATH").get(0);
            assertThat(death.values().get("bdSeq")).isEqualTo(bdSeq);
            host.close();

            // A restart is a new MQTT session: bdSeq moves on, and was kept on disk to do so.
            SparkplugHost host2 = new SparkplugHost(broker.url(), "plant");
            Daemon d2 = start(broker.url());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> !host2.of("NBIRTH").isEmpty());
            } finally {
                d2.close();
            }
            assertThat(host2.of("NBIRTH").get(0).values().get("bdSeq")).isEqualTo((bdSeq + 1) % 256);
            host2.close();
        }
    }

    @Test
    void commandAnswersStayJsonOnTheirOwnTopicAndTakeNoSequenceNumber() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0)) {
            SparkplugHost host = new SparkplugHost(broker.url(), "plant");
            List<String> answers = new CopyOnWriteArrayList<>();
            MqttClient json = new MqttClient(broker.url(), "ops-" + UUID.randomUUID(), new MemoryPersistence());
            json.connect();
            json.subscribe("edgeinfer/sp-1/cmd/result", 1, (t, m) -> answers.add(new String(m.getPayload(),
                    StandardCharsets.UTF_8)));
            String yaml = TestConfigs.fastYaml(broker.url(), "sp-1", dir.resolve("outbox.db").toString(),
                    "format: sparkplug\nsparkplug: {group_id: plant, edge_node_id: line3-pi}")
                    + "control: {allow_unsigned: true}\n";
            Daemon d = Daemon.start(TestConfigs.parse(yaml), Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> host.of("NDATA").size() >= 20);
                json.publish("edgeinfer/sp-1/cmd/rebirth", "{\"request_id\": \"rb-1\"}".getBytes(), 1, false);
                await().atMost(Duration.ofSeconds(30)).until(() -> !answers.isEmpty() && host.of("NBIRTH").size() >= 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> host.after(host.of("NBIRTH").get(1)).size() > 20);
            } finally {
                d.close();
            }
            List<SparkplugHost.Msg> got = host.all();
            var answer = Json.mapper().readTree(answers.get(0));
            assertThat(answer.get("request_id").asText()).isEqualTo("rb-1");
            assertThat(answer.get("command").asText()).isEqualTo("rebirth");
            assertThat(answer.get("ok").asBoolean()).as(answers.get(0)).isTrue();
            // The answer went through the outbox like every NDATA: had it taken a seq, there would be a hole.
            long expected = 0;
            for (SparkplugHost.Msg m : got) {
                if (m.type().equals("NBIRTH")) {
                    expected = 1;
                } else if (m.type().equals("NDATA")) {
                    assertThat(m.payload().getSeq()).as("seq after %d", expected).isEqualTo(expected);
                    expected = (expected + 1) % 256;
                }
            }
            host.close();
            json.disconnect();
        }
    }
}
