package io.edgeinfer.mqtt.sparkplug;

import java.util.Date;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/** Commands as a Sparkplug host sends them, encoded by Tahu. */
final class SparkplugCommands {
    private SparkplugCommands() {
    }

    /**
     * One Boolean metric, encoded the way Tahu's HostApplication publishes commands: datatypes
     * stripped, as Sparkplug 3.0 recommends for NCMD/DCMD.
     */
    static byte[] write(String metric, Object value, MetricDataType type) throws Exception {
        SparkplugBPayload p = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date())
                .addMetric(new Metric.MetricBuilder(metric, type, value).createMetric()).createPayload();
        return new SparkplugBPayloadEncoder().getBytes(p, true);
    }

    static byte[] rebirth() throws Exception {
        return write("Node Control/Rebirth", true, MetricDataType.Boolean);
    }

    static byte[] deviceRebirth() throws Exception {
        return write("Device Control/Rebirth", true, MetricDataType.Boolean);
    }
}
