package io.edgeinfer.mqtt.sparkplug;

import io.edgeinfer.mqtt.Publisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.List;
import org.eclipse.tahu.SparkplugInvalidTypeException;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/** Sparkplug B payloads through Eclipse Tahu's encoder. */
final class Payloads {
    private static final SparkplugBPayloadEncoder ENCODER = new SparkplugBPayloadEncoder();

    private Payloads() {
    }

    /**
     * One metric. A null value is sent with {@code is_null} and no value.
     *
     * @param ts when the value was captured, epoch ms
     */
    static Metric metric(String name, MetricDataType type, Object value, long ts, boolean historical) {
        try {
            return new Metric.MetricBuilder(name, type, value).timestamp(new Date(ts)).isHistorical(historical
                    ? true
                    : null)
                    .createMetric();
        } catch (SparkplugInvalidTypeException e) {
            throw new IllegalStateException("metric " + name + " does not fit " + type, e);
        }
    }

    /**
     * A message on {@code topic}.
     *
     * @param ts when it is published, epoch ms (a payload's timestamp; metrics carry their own)
     * @param seq null for NDEATH
     * @param withTypes datatypes on every metric (births, deaths); data leave them out, as
     *     Sparkplug 3.0 recommends: the host knows them from the birth
     */
    static Publisher.Message message(String topic, long ts, Long seq, List<Metric> metrics, boolean withTypes,
            int qos) {
        SparkplugBPayload.SparkplugBPayloadBuilder b = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(
                new Date(ts));
        if (seq != null) {
            b.setSeq(seq);
        }
        try {
            byte[] bytes;
            synchronized (ENCODER) {
                bytes = ENCODER.getBytes(b.addMetrics(metrics).createPayload(), !withTypes);
            }
            return new Publisher.Message(topic, bytes, false, qos);
        } catch (IOException e) {
            throw new UncheckedIOException("Sparkplug encoding failed", e);
        }
    }
}
