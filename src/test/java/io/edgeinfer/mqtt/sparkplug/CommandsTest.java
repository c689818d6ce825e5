package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.edgeinfer.config.MqttConfig;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NCMD and DCMD as hosts send them, decoded against the node's own births. */
class CommandsTest {
    private static final String NCMD = "spBv1.0/plant/NCMD/pi-1";
    private static final String DCMD = "spBv1.0/plant/DCMD/pi-1/";

    @TempDir
    Path dir;

    private SparkplugWire wire;
    private final AtomicInteger changes = new AtomicInteger();
    private Warnings warnings;

    @BeforeEach
    void setUp() {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        labels.put("motor-a", SparkplugWireTest.LABELS);
        labels.put("motor-b", SparkplugWireTest.LABELS);
        wire = new SparkplugWire(new MqttConfig.Sparkplug("plant", "pi-1"), dir.resolve("bdseq"), labels, true);
        wire.will();
        wire.connectAttempted(true);
        wire.births();
        wire.onChange(changes::incrementAndGet);
        warnings = new Warnings(Commands.class);
    }

    @AfterEach
    void tearDown() {
        warnings.close();
    }

    private static byte[] payload(Metric... metrics) throws Exception {
        SparkplugBPayload p = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date())
                .addMetrics(List.of(metrics)).createPayload();
        return new SparkplugBPayloadEncoder().getBytes(p, false);
    }

    private static Metric metric(String name, MetricDataType type, Object value) throws Exception {
        return new Metric.MetricBuilder(name, type, value).createMetric();
    }

    private List<String> topics() {
        return wire.pending().stream().map(m -> m.topic()).toList();
    }

    /** What Tahu's HostApplication sends: no datatype (Sparkplug 3.0's recommendation). */
    @Test
    void aRebirthWithoutDatatypeIsOneNewBirthSequence() throws Exception {
        wire.command(NCMD, SparkplugCommands.rebirth());
        assertThat(changes).hasValue(1);
        assertThat(topics()).containsExactly("spBv1.0/plant/NBIRTH/pi-1", "spBv1.0/plant/DBIRTH/pi-1/motor-a",
                "spBv1.0/plant/DBIRTH/pi-1/motor-b");
        assertThat(wire.pending()).as("once").isEmpty();
        assertThat(warnings.lines()).isEmpty();
    }

    @Test
    void aRebirthWithItsDatatypeWorksAlike() throws Exception {
        wire.command(NCMD, payload(metric("Node Control/Rebirth", MetricDataType.Boolean, true)));
        assertThat(topics()).hasSize(3);
    }

    @Test
    void aDeviceRebirthIsThatDevicesBirthAlone() throws Exception {
        wire.command(DCMD + "motor-b", SparkplugCommands.deviceRebirth());
        assertThat(topics()).containsExactly("spBv1.0/plant/DBIRTH/pi-1/motor-b");
    }

    @Test
    void aFalseRebirthDoesNothing() throws Exception {
        wire.command(NCMD, SparkplugCommands.write("Node Control/Rebirth", false, MetricDataType.Boolean));
        assertThat(wire.pending()).isEmpty();
        assertThat(warnings.lines()).isEmpty();
    }

    @Test
    void everyBadCommandIsIgnoredWithOneWarningNamingTheMetric() throws Exception {
        wire.command(NCMD, SparkplugCommands.write("Node Control/Reboot", true, MetricDataType.Boolean));
        wire.command(NCMD, SparkplugCommands.write("Node Control/Rebirth", "true", MetricDataType.String));
        wire.command(NCMD, payload(metric("Node Control/Rebirth", MetricDataType.Int32, 1)));
        wire.command(NCMD, SparkplugCommands.write("telemetry/rate_hz", 3.0, MetricDataType.Double));
        wire.command(NCMD, SparkplugCommands.write("Device Control/Rebirth", true, MetricDataType.Boolean));
        wire.command(DCMD + "motor-a", SparkplugCommands.rebirth());
        wire.command(DCMD + "motor-z", SparkplugCommands.deviceRebirth());
        wire.command(NCMD, SparkplugBProto.Payload.newBuilder().addMetrics(SparkplugBProto.Payload.Metric.newBuilder()
                .setAlias(7).setBooleanValue(true)).build().toByteArray());
        wire.command(NCMD, new byte[]{(byte) 0xff, (byte) 0xff, 1});
        wire.command(NCMD, new byte[0]);
        assertThat(wire.pending()).as("nothing published").isEmpty();
        assertThat(warnings.lines()).hasSize(10);
        assertThat(warnings.lines().get(0)).contains(NCMD, "Node Control/Reboot");
        assertThat(warnings.lines().get(1)).contains("Node Control/Rebirth", "Boolean");
        assertThat(warnings.lines().get(2)).contains("Node Control/Rebirth", "datatype");
        assertThat(warnings.lines().get(3)).contains("telemetry/rate_hz", "not writable");
        assertThat(warnings.lines().get(4)).contains("Device Control/Rebirth", "NBIRTH");
        assertThat(warnings.lines().get(5)).contains("Node Control/Rebirth", "DBIRTH of motor-a");
        assertThat(warnings.lines().get(6)).contains("motor-z");
        assertThat(warnings.lines().get(7)).contains("alias 7");
    }

    @Test
    void noPayloadWhateverItsBytesMakesTheHandlerThrow() {
        Random r = new Random(15);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            String topic = i % 2 == 0 ? NCMD : DCMD + "motor-a";
            assertThatCode(() -> wire.command(topic, b)).doesNotThrowAnyException();
        }
    }
}
