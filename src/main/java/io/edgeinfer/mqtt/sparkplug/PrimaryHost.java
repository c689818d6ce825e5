package io.edgeinfer.mqtt.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary host application's STATE as this edge node sees it ({@code
 * mqtt.sparkplug.primary_host_id}). Sparkplug 3.0 hosts publish {@code spBv1.0/STATE/<id>} with
 * {@code {"online": bool, "timestamp": ms}}; hosts before 3.0 publish {@code STATE/<id>} with {@code
 * ONLINE} or {@code OFFLINE}, which carry no time and count in arrival order. A STATE older than the
 * last one seen, or one that does not parse, is ignored with a warning. Until the host is known to
 * be online the node publishes nothing; when it goes offline (after having been online), the
 * session must end: {@link #offlines()} moves on.
 */
public final class PrimaryHost {
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryHost.class);

    private final String id;
    private final Runnable onChange;
    private boolean online;
    private long lastTimestamp = Long.MIN_VALUE;
    private long offlines;

    /** @param onChange hears every change of {@link #online()} and {@link #offlines()} */
    PrimaryHost(String id, Runnable onChange) {
        this.id = id;
        this.onChange = onChange;
    }

    public String stateTopic() {
        return "spBv1.0/STATE/" + id;
    }

    /** Where hosts before Sparkplug 3.0 publish their state. */
    public String legacyStateTopic() {
        return "STATE/" + id;
    }

    /** Handles a message on either STATE topic. */
    public void accept(String topic, byte[] payload) {
        if (topic.equals(stateTopic())) {
            json(topic, payload);
        } else if (topic.equals(legacyStateTopic())) {
            String s = new String(payload, StandardCharsets.UTF_8).trim();
            if (s.equals("ONLINE") || s.equals("OFFLINE")) {
                apply(s.equals("ONLINE"), null);
            } else {
                LOG.warn("ignored STATE on {}: expected ONLINE or OFFLINE, got {} bytes", topic, payload.length);
            }
        } else {
            LOG.warn("ignored STATE on {}: not the primary host {}", topic, id);
        }
    }

    private void json(String topic, byte[] payload) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(payload);
        } catch (IOException e) {
            LOG.warn("ignored STATE on {}: not JSON", topic);
            return;
        }
        if (n == null || !n.path("online").isBoolean() || !n.path("timestamp").canConvertToLong()
                || !n.path("timestamp").isIntegralNumber()) {
            LOG.warn("ignored STATE on {}: expected a JSON object with online (true or false) and timestamp (epoch ms)",
                    topic);
            return;
        }
        apply(n.get("online").booleanValue(), n.get("timestamp").longValue());
    }

    private void apply(boolean nowOnline, Long timestamp) {
        boolean changed;
        synchronized (this) {
            if (timestamp != null) {
                if (timestamp < lastTimestamp) {
                    LOG.warn("ignored STATE of {}: {} at {} is older than the last one seen ({})", id,
                            nowOnline ? "online" : "offline", timestamp, lastTimestamp);
                    return;
                }
                lastTimestamp = timestamp;
            }
            changed = nowOnline != online;
            if (changed && !nowOnline) {
                offlines++;
            }
            online = nowOnline;
        }
        if (changed) {
            LOG.info("Sparkplug primary host {} is {}", id, nowOnline
                    ? "online: births may go"
                    : "offline: the session ends, data wait in the outbox");
            onChange.run();
        }
    }

    public synchronized boolean online() {
        return online;
    }

    /** How many times the host went from online to offline. */
    public synchronized long offlines() {
        return offlines;
    }
}
