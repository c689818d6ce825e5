package io.edgeinfer.mqtt.sparkplug;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.PredictionMessage;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.mqtt.TelemetryMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.SparkplugInvalidTypeException;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sparkplug B encoding ({@code mqtt.format: sparkplug}) with Eclipse Tahu. The edge node is the
 * device: NBIRTH on every connection lists every metric (predictions with one score per label,
 * latencies, telemetry) and carries {@code bdSeq}; each prediction and telemetry message is an NDATA
 * whose {@code seq} runs 0-255 and wraps; the last will is an NDEATH with the same {@code bdSeq},
 * which is kept in a file so it keeps counting across restarts. Replayed predictions are NDATA with
 * {@code is_historical} set and their original timestamps.
 */
public final class SparkplugWire implements WireFormat {
    public static final String REBIRTH = "Node Control/Rebirth";
    private static final Logger LOG = LoggerFactory.getLogger(SparkplugWire.class);

    private final String prefix;
    private final String nodeId;
    private final Path bdSeqFile;
    private final MetricSchema schema;
    private final SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();
    private long bdSeq;
    private long seq;

    /**
     * @param bdSeqFile where the birth/death sequence survives restarts
     * @param labels the model's labels (one score metric each); a new label set needs a rebirth
     */
    public SparkplugWire(MqttConfig.Sparkplug config, Path bdSeqFile, List<String> labels) {
        this.prefix = "spBv1.0/" + config.groupId() + "/";
        this.nodeId = config.edgeNodeId();
        this.bdSeqFile = bdSeqFile;
        this.schema = new MetricSchema()
                .add("bdSeq", MetricDataType.Int64)
                .add(REBIRTH, MetricDataType.Boolean)
                .add("prediction", PredictionMessage.class, labels)
                .add("prediction/replayed", MetricDataType.Boolean)
                .add("telemetry", TelemetryMessage.class, List.of());
        this.bdSeq = readBdSeq();
    }

    public String topic(String type) {
        return prefix + type + "/" + nodeId;
    }

    @Override
    public synchronized Publisher.Message encode(String topic, byte[] json, long createdMs, boolean replayed) {
        String kind = topic.endsWith("/predictions") ? "prediction" : topic.endsWith("/telemetry") ? "telemetry" : null;
        if (kind == null) {
            // Documents outside the Sparkplug model (command answers on cmd/result) keep their JSON
            // and their own topic, and take no NDATA sequence number.
            return WireFormat.JSON.encode(topic, json, createdMs, replayed);
        }
        List<Metric> metrics = new ArrayList<>();
        for (Map.Entry<String, Object> e : schema.values(kind, json).entrySet()) {
            metrics.add(metric(e.getKey(), e.getValue(), createdMs, replayed));
        }
        if (kind.equals("prediction")) {
            metrics.add(metric("prediction/replayed", replayed, createdMs, replayed));
        }
        return message("NDATA", payload(createdMs, nextSeq(), metrics));
    }

    /** NBIRTH with seq 0 and the current bdSeq; the next NDATA is seq 1. */
    @Override
    public synchronized List<Publisher.Message> onConnect() {
        long now = System.currentTimeMillis();
        List<Metric> metrics = new ArrayList<>();
        for (Map.Entry<String, MetricDataType> e : schema.types().entrySet()) {
            Object v = switch (e.getKey()) {
                case "bdSeq" -> bdSeq;
                case REBIRTH -> false;
                default -> null;
            };
            metrics.add(metric(e.getKey(), e.getValue(), v, now, false));
        }
        seq = 0;
        return List.of(message("NBIRTH", payload(now, nextSeq(), metrics)));
    }

    /** The NDEATH for the next connection: a new bdSeq, kept on disk first. */
    @Override
    public synchronized Publisher.Message will() {
        bdSeq = (bdSeq + 1) % 256;
        writeBdSeq();
        return death();
    }

    @Override
    public synchronized Publisher.Message death() {
        List<Metric> metrics = List.of(metric("bdSeq", MetricDataType.Int64, bdSeq, System.currentTimeMillis(), false));
        return message("NDEATH", payload(System.currentTimeMillis(), null, metrics));
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }

    private Metric metric(String name, Object value, long ts, boolean historical) {
        return metric(name, schema.types().get(name), value, ts, historical);
    }

    private static Metric metric(String name, MetricDataType type, Object value, long ts, boolean historical) {
        try {
            return new Metric.MetricBuilder(name, type, value).timestamp(new Date(ts)).isHistorical(historical ? true : null)
                    .createMetric();
        } catch (SparkplugInvalidTypeException e) {
            throw new IllegalStateException("metric " + name + " does not fit " + type, e);
        }
    }

    private static SparkplugBPayload payload(long ts, Long seq, List<Metric> metrics) {
        SparkplugBPayload.SparkplugBPayloadBuilder b = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date(ts));
        if (seq != null) {
            b.setSeq(seq);
        }
        return b.addMetrics(metrics).createPayload();
    }

    private Publisher.Message message(String type, SparkplugBPayload payload) {
        try {
            return new Publisher.Message(topic(type), encoder.getBytes(payload, false), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Sparkplug encoding failed", e);
        }
    }

    private long readBdSeq() {
        try {
            return Files.exists(bdSeqFile) ? Long.parseLong(Files.readString(bdSeqFile).trim()) % 256 : 255;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Sparkplug bdSeq file {} unreadable ({}); starting again from 0", bdSeqFile, e.getMessage());
            return 255;
        }
    }

    private void writeBdSeq() {
        try {
            Files.createDirectories(bdSeqFile.toAbsolutePath().getParent());
            Path tmp = bdSeqFile.resolveSibling(bdSeqFile.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(bdSeq), StandardCharsets.US_ASCII);
            Files.move(tmp, bdSeqFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Sparkplug bdSeq not saved to {}: {}", bdSeqFile, e.getMessage());
        }
    }
}
