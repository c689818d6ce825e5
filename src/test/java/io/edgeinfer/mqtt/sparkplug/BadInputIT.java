package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile but well-formed messages on every topic the daemon subscribes to, in both wire formats:
 * each is ignored (or answered as a refused command), nothing is published wrongly, and the
 * connection stays up: one CONNECT, no will published, no reconnect in the log.
 */
class BadInputIT {
    private static final String GROUP = "plant";
    private static final String NODE = "line7-pi";
    private static final String PREFIX = "spBv1.0/" + GROUP + "/";

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Well-formed JSON that no command accepts: deep nesting, wrong types, paths outside, keys only the file may set. */
    private static final Map<String, String> COMMANDS = Map.of(
            "status", "{\"request_id\":\"a\",\"x\":" + "[".repeat(40) + "1" + "]".repeat(40) + "}",
            "model",
            "{\"request_id\":\"b\",\"url\":\"file:///etc/passwd\",\"sha256\":\"00\",\"name\":\"x\",\"version\":\"1\"}",
            "model/chunk", "{\"request_id\":\"c\",\"transfer_id\":\"t\",\"index\":-1,\"total\":1e300,\"data\":\"!!\"}",
            "config", "{\"request_id\":\"d\",\"patch\":{\"mqtt\":{\"broker\":\"tcp://elsewhere:1\"}}}",
            "rollback", "\"just a string\"",
            "nope", "null",
            "rebirth", "{\"request_id\":[1,2,3]}");

    private void sendCommands(SparkplugHost host, String device) throws Exception {
        for (Map.Entry<String, String> c : COMMANDS.entrySet()) {
            host.publish("edgeinfer/" + device + "/cmd/" + c.getKey(), utf8(c.getValue()), 1, false);
        }
    }

    /** Nothing came loose: the one connection stayed up and nothing said the node was gone. */
    private static void stillOneSession(SparkplugRig rig) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> rig.tap.sent(WireTap.CONNECT).size() == 1 && rig.logged(" lost: ").isEmpty());
    }

    @Test
    void sparkplugCommandsStatesAndJsonCommandsThatMakeNoSenseLeaveTheSessionUp() throws Exception {
        try (SparkplugRig rig = new SparkplugRig(dir, GROUP)) {
            SparkplugHost host = rig.host;
            host.publish("spBv1.0/STATE/scada", utf8("{\"online\":true,\"timestamp\":" + System.currentTimeMillis()
                    + "}"), 1, true);
            String yaml = """
                    device_id: sp-bad
                    pipelines:
                      - id: motor-a
                        model: {path: %s, labels: [normal, imbalance, misalignment, bearing_fault]}
                        source: {type: simulated-vibration, rate_hz: 400}
                        window: {size: 256, hop: 64}
                    mqtt:
                      broker: "%s"
                      format: sparkplug
                      sparkplug: {group_id: %s, edge_node_id: %s, primary_host_id: scada}
                    outbox: {path: "%s"}
                    control: {allow_unsigned: true}
                    """.formatted(SparkplugRig.MODEL, rig.tap.url(), GROUP, NODE, dir.resolve("outbox.db"));
            Daemon d = rig.start(yaml);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> host.of("DDATA", "motor-a").size() >= 5);
                String ncmd = PREFIX + "NCMD/" + NODE;
                String dcmd = PREFIX + "DCMD/" + NODE + "/motor-a";
                List<Map.Entry<String, byte[]>> hostile = List.of(
                        Map.entry(ncmd, new byte[]{(byte) 0xff, (byte) 0xff, 1}),
                        Map.entry(ncmd, SparkplugCommands.write("Node Control/Reboot", true, MetricDataType.Boolean)),
                        Map.entry(ncmd, SparkplugCommands.write("Node Control/Rebirth", "yes", MetricDataType.String)),
                        Map.entry(ncmd, SparkplugBProto.Payload.newBuilder().addMetrics(SparkplugBProto.Payload.Metric
                                .newBuilder()
                                .setAlias(3).setBooleanValue(true)).build().toByteArray()),
                        Map.entry(dcmd, SparkplugCommands.write("Device Control/Rebirth", 1L, MetricDataType.Int64)),
                        Map.entry(dcmd, SparkplugCommands.write("prediction/label", "bearing_fault",
                                MetricDataType.String)),
                        Map.entry("spBv1.0/STATE/scada", utf8("<html>gateway timeout</html>")),
                        Map.entry("spBv1.0/STATE/scada", utf8("{\"online\":false,\"timestamp\":1}")),
                        Map.entry("STATE/scada", utf8("MAYBE")));
                for (Map.Entry<String, byte[]> m : hostile) {
                    host.publish(m.getKey(), m.getValue(), 1, false);
                }
                sendCommands(host, "sp-bad");
                await().atMost(Duration.ofSeconds(20)).until(() -> rig.warnings("ignored").size() >= hostile.size());
                stillOneSession(rig);
                assertThat(rig.warnings("ignored command on")).as("one warning per bad command").hasSize(6);
                assertThat(rig.warnings("ignored STATE")).as("one per bad STATE").hasSize(3);
                assertThat(host.of("NBIRTH")).as("nothing asked for a rebirth").hasSize(1);
                assertThat(host.of("DBIRTH")).hasSize(1);
            } finally {
                d.close();
            }
            assertThat(host.of("NDEATH")).as("the clean stop's only").hasSize(1);
        }
    }

    @Test
    void jsonCommandsThatMakeNoSenseLeaveTheSessionUpAndTheWillUnsaid() throws Exception {
        try (SparkplugRig rig = new SparkplugRig(dir, GROUP);
                MqttProbe status = new MqttProbe(rig.broker.url(), "edgeinfer/j-bad/status")) {
            String yaml = """
                    device_id: j-bad
                    model: {path: %s, labels: [normal, imbalance, misalignment, bearing_fault]}
                    window: {size: 256, hop: 64}
                    mqtt: {broker: "%s"}
                    outbox: {path: "%s"}
                    control: {allow_unsigned: true}
                    """.formatted(SparkplugRig.MODEL, rig.tap.url(), dir.resolve("outbox.db"));
            Daemon d = rig.start(yaml);
            try (MqttProbe answers = new MqttProbe(rig.broker.url(), "edgeinfer/j-bad/cmd/result")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !status.on("edgeinfer/j-bad/status").isEmpty());
                sendCommands(rig.host, "j-bad");
                await().atMost(Duration.ofSeconds(30)).until(() -> answers.all().size() >= COMMANDS.size());
                stillOneSession(rig);
                assertThat(answers.all()).allMatch(a -> !a.json().get("ok").asBoolean());
                assertThat(status.on("edgeinfer/j-bad/status")).allMatch(s -> s.get("state").asText().equals("online"));
            } finally {
                d.close();
            }
        }
    }
}
