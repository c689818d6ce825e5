package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.mqtt.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The device's latest report per group and their delivery: a change of state goes out at once,
 * changing figures (a shadow in progress) at most every {@code figuresEveryMs}; everything goes out
 * again after a reconnect, since a retained message published while the link was down is lost. The
 * report is retained, so the newest one is what an operator sees whenever it subscribes.
 */
final class ReportBook {
    private final FleetLink link;
    private final FleetTopics topics;
    private final String deviceId;
    private final LongSupplier nowMs;
    private final long figuresEveryMs;
    private final Map<String, DeviceReport> latest = new LinkedHashMap<>();
    private final Set<String> urgent = new HashSet<>();
    private final Map<String, Long> sentMs = new LinkedHashMap<>();
    private boolean connected;

    ReportBook(FleetLink link, FleetTopics topics, String deviceId, LongSupplier nowMs, long figuresEveryMs) {
        this.link = link;
        this.topics = topics;
        this.deviceId = deviceId;
        this.nowMs = nowMs;
        this.figuresEveryMs = figuresEveryMs;
    }

    DeviceReport get(String group) {
        return latest.get(group);
    }

    /** Replaces the group's report; a new state (or revision) is sent at the next flush. */
    void put(String group, DeviceReport r) {
        DeviceReport before = latest.put(group, r);
        if (before == null || before.state() != r.state() || !Objects.equals(before.revision(), r.revision())
                || !Objects.equals(before.refused(), r.refused())) {
            urgent.add(group);
        }
    }

    /** Sends the group's report again at the next flush (its desired state arrived again: a reconnect). */
    void resend(String group) {
        if (latest.containsKey(group)) {
            urgent.add(group);
        }
    }

    /** Publishes what is due; a reconnect makes everything due. */
    void flush() {
        boolean now = link.isConnected();
        boolean reconnected = now && !connected;
        connected = now;
        if (!now) {
            return;
        }
        long t = nowMs.getAsLong();
        for (Map.Entry<String, DeviceReport> e : latest.entrySet()) {
            String g = e.getKey();
            boolean figuresDue = t - sentMs.getOrDefault(g, 0L) >= figuresEveryMs && !e.getValue().state().terminal();
            if (reconnected || urgent.contains(g) || figuresDue) {
                link.publishRetained(topics.report(g, deviceId), Json.encode(e.getValue()));
                sentMs.put(g, t);
                urgent.remove(g);
            }
        }
    }
}
