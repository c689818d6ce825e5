package io.edgeinfer.mqtt.sparkplug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;

/**
 * What the node says about itself, or about one device: the metrics it declares, the newest value
 * of each (what a birth carries), and what the current session last reported of each (so data carry
 * only what changed). Guarded by the wire's lock.
 */
final class Subject {
    /** A value and when it was captured. */
    private record Value(Object value, long ts) {
    }

    /** The device id (its pipeline's id), or null for the node. */
    final String device;
    final MetricSchema schema;
    private final Map<String, Value> current = new HashMap<>();
    private final Map<String, Object> reported = new HashMap<>();
    /** A birth of this subject is out in the current session, and no death since. */
    boolean born;
    /** Devices: its input delivers (a device whose input is down is dead). */
    boolean up = true;
    /** How many metrics the last birth declared; the schema may learn more (a new label): then a birth is due. */
    int declared = -1;

    Subject(String device, MetricSchema schema) {
        this.device = device;
        this.schema = schema;
    }

    /** Notes values captured at {@code ts} as current, where they are not older than what is known. */
    void note(Map<String, Object> values, long ts) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Value v = current.get(e.getKey());
            if (v == null || v.ts() <= ts) {
                current.put(e.getKey(), new Value(e.getValue(), ts));
            }
        }
    }

    /**
     * Every declared metric with its current value (null only for one that never had a value), and
     * the start of what this session reported. {@code fixed} values (bdSeq, the rebirth switch) win.
     */
    List<Metric> birth(long now, Map<String, Object> fixed) {
        reported.clear();
        declared = schema.size();
        List<Metric> out = new ArrayList<>();
        for (Map.Entry<String, MetricDataType> e : schema.types().entrySet()) {
            String name = e.getKey();
            Value v = fixed.containsKey(name)
                    ? new Value(fixed.get(name), now)
                    : current.getOrDefault(name, new Value(null, now));
            reported.put(name, v.value());
            out.add(Payloads.metric(name, e.getValue(), v.value(), v.ts(), false));
        }
        return out;
    }

    /**
     * The metrics of one document: live, only those whose value differs from what this session last
     * reported (report by exception); historical (sent from the backlog), all of them, flagged, and
     * leaving the session's reported values alone.
     */
    List<Metric> data(Map<String, Object> values, long ts, boolean historical) {
        List<Metric> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String name = e.getKey();
            if (!historical) {
                if (reported.containsKey(name) && Objects.deepEquals(reported.get(name), e.getValue())) {
                    continue;
                }
                reported.put(name, e.getValue());
            }
            out.add(Payloads.metric(name, schema.type(name), e.getValue(), ts, historical));
        }
        return out;
    }
}
