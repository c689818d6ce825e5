package io.edgeinfer.mqtt.sparkplug;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.function.Consumer;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NCMD and DCMD, decoded against this node's own births: each metric is matched by name to what the
 * node (or the device) declared, and its value read with the declared type, so a command without
 * datatypes (as Sparkplug 3.0 recommends, and as Tahu's host sends them) works like one with them.
 * The writable metrics are {@code Node Control/Rebirth} and {@code Device Control/Rebirth}; anything
 * else (malformed, unknown, not writable, a value of another type) is ignored with one warning
 * naming the topic and the metric. Nothing here throws.
 */
final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    private final Subjects subjects;
    private final Object lock;
    private final Consumer<String> rebirth;

    /**
     * @param lock what guards {@code subjects} (a declared label may be added while a command is read)
     * @param rebirth births again: the node's whole sequence (null), or that device's
     */
    Commands(Subjects subjects, Object lock, Consumer<String> rebirth) {
        this.subjects = subjects;
        this.lock = lock;
        this.rebirth = rebirth;
    }

    /** The datatype the node ({@code device} null) or the device declared for {@code name}, or null. */
    private MetricDataType declared(String device, String name) {
        synchronized (lock) {
            Subject s = device == null ? subjects.node : subjects.device(device);
            return s == null ? null : s.schema.type(name);
        }
    }

    void accept(String topic, byte[] payload) {
        String[] t = topic.split("/");
        String device = t.length == 5 && t[2].equals("DCMD") ? t[4] : null;
        if (device != null && subjects.device(device) == null) {
            LOG.warn("ignored command on {}: no device {} on this node", topic, device);
            return;
        }
        SparkplugBProto.Payload p;
        try {
            p = SparkplugBProto.Payload.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("ignored command on {}: not a Sparkplug B payload ({} bytes)", topic, payload.length);
            return;
        }
        if (p.getMetricsCount() == 0) {
            LOG.warn("ignored command on {}: no metrics", topic);
        }
        for (SparkplugBProto.Payload.Metric m : p.getMetricsList()) {
            String problem = problem(device, m);
            if (problem != null) {
                LOG.warn("ignored command on {}: {}", topic, problem);
            } else if (m.getBooleanValue()) {
                LOG.info("Sparkplug {} requested on {}", device == null ? "rebirth" : "rebirth of device " + device,
                        topic);
                rebirth.accept(device);
            }
        }
    }

    /** Why this metric cannot be applied, or null. */
    private String problem(String device, SparkplugBProto.Payload.Metric m) {
        if (!m.hasName()) {
            return "a metric with alias " + m.getAlias() + " and no name (this node declares no aliases)";
        }
        String name = m.getName();
        MetricDataType declared = declared(device, name);
        if (declared == null) {
            return "unknown metric '" + name + "' (not in the " + (device == null ? "NBIRTH" : "DBIRTH of " + device)
                    + ")";
        }
        if (!name.equals(device == null ? Subjects.NODE_REBIRTH : Subjects.DEVICE_REBIRTH)) {
            return "metric '" + name + "' is not writable";
        }
        if (m.hasDatatype() && m.getDatatype() != declared.toIntValue()) {
            return "metric '" + name + "' sent as datatype " + m.getDatatype() + ", declared " + declared;
        }
        if (m.getIsNull() || m.getValueCase() != SparkplugBProto.Payload.Metric.ValueCase.BOOLEAN_VALUE) {
            return "metric '" + name + "' needs a Boolean value, got " + m.getValueCase();
        }
        return null;
    }
}
