package io.edgeinfer.control.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The operator's view of one group on the broker (docs/fleet.md): its retained desired state and
 * every device's retained report, kept up to date as they change, and the means to publish
 * retained documents and model pieces. It holds no state the broker does not: a second operator
 * machine sees the same.
 */
public final class FleetBroker implements AutoCloseable {
    private final MqttClient client;
    private final FleetTopics topics;
    private final String group;
    private final Map<String, JsonNode> reports = new TreeMap<>();
    private final ReportTally tally = new ReportTally();
    private JsonNode desired;

    public FleetBroker(String brokerUrl, String prefix, String group) throws MqttException {
        this.topics = new FleetTopics(prefix);
        this.group = group;
        client = OperatorConnection.open(brokerUrl, "edgeinfer-rollout-", this::arrived);
        client.subscribe(new String[]{topics.desired(group), topics.reports(group)}, new int[]{1, 1});
    }

    public FleetTopics topics() {
        return topics;
    }

    public String group() {
        return group;
    }

    private synchronized void arrived(String topic, byte[] payload) {
        JsonNode json;
        try {
            json = payload.length == 0 ? null : Json.mapper().readTree(payload);
        } catch (IOException e) {
            return; // not a document of ours: nothing to show
        }
        String device = topics.reportDevice(group, topic);
        if (device != null && json != null) {
            reports.put(device, json);
            tally.put(device, json);
        } else if (topic.equals(topics.desired(group))) {
            desired = json;
        }
        notifyAll();
    }

    /** The group's desired state as the broker holds it, or null (none, or not arrived yet). */
    public synchronized JsonNode desired() {
        return desired;
    }

    /** Every device's latest report, by device id. */
    public synchronized Map<String, JsonNode> reports() {
        return new TreeMap<>(reports);
    }

    /**
     * Waits until {@code done} holds for the reports, or {@code timeoutMs} passed; returns whether it
     * held. Wakes on every report that arrives.
     */
    public synchronized boolean awaitReports(Predicate<Map<String, JsonNode>> done, long timeoutMs)
            throws InterruptedException {
        return awaitUntil(() -> done.test(reports), timeoutMs);
    }

    /**
     * Waits until every device that reported answered {@code revision} with a final state, or
     * {@code timeoutMs} passed; returns whether they did. Each arrival costs a look at two counts,
     * not at every report ({@link ReportTally}).
     */
    public synchronized boolean awaitSettled(long revision, long timeoutMs) throws InterruptedException {
        return awaitUntil(() -> tally.settled(revision), timeoutMs);
    }

    /** Called holding the lock: {@link #arrived} notifies on every message. */
    private boolean awaitUntil(BooleanSupplier done, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** How many devices that reported stand in each state at {@code revision}, and how many reported at all. */
    public synchronized Progress progress(long revision) {
        return new Progress(tally.devices(), tally.states(revision));
    }

    /**
     * A stage's progress: the devices that reported, and of them how many stand in each state of the
     * stage's revision (the rest have not answered it yet).
     */
    public record Progress(int devices, Map<String, Integer> states) {
        /** Devices at the revision in a final state. */
        public int finished() {
            return states.entrySet().stream().filter(e -> ReportTally.terminal(e.getKey())).mapToInt(
                    Map.Entry::getValue).sum();
        }
    }

    /**
     * Lets the broker's retained messages arrive: returns once {@code quietMs} passed without a new
     * one (or after {@code maxMs}).
     */
    public synchronized void settle(long quietMs, long maxMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        int seen = -1;
        while (System.nanoTime() < end) {
            int now = reports.size() + (desired == null ? 0 : 1);
            if (now == seen) {
                return;
            }
            seen = now;
            wait(quietMs);
        }
    }

    public void publishRetained(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, true);
    }

    @Override
    public void close() throws MqttException {
        OperatorConnection.close(client);
    }
}
