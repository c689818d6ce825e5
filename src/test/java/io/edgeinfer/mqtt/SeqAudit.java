package io.edgeinfer.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a subscriber's view of the prediction stream against the delivery promise: per boot, every
 * seq from 0 to the highest arrived; copies after the first only when flagged (the daemon's
 * {@code replayed}, or MQTT's DUP flag when the broker itself redelivered to the subscriber);
 * messages flagged neither way arrive in seq order.
 */
public final class SeqAudit {
    private final Map<String, TreeMap<Long, List<Boolean>>> byBoot = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public SeqAudit(List<MqttProbe.Received> predictions) {
        Map<String, Long> lastLive = new LinkedHashMap<>();
        for (MqttProbe.Received m : predictions) {
            JsonNode p = m.json();
            String boot = p.get("boot_id").asText();
            long seq = p.get("seq").asLong();
            boolean replayed = p.path("replayed").asBoolean(false) || m.duplicate();
            byBoot.computeIfAbsent(boot, b -> new TreeMap<>()).computeIfAbsent(seq, s -> new ArrayList<>()).add(
                    replayed);
            if (!replayed) {
                Long last = lastLive.get(boot);
                if (last != null && seq <= last) {
                    problems.add("boot " + boot + ": live seq " + seq + " arrived after " + last);
                }
                lastLive.put(boot, seq);
            }
        }
        byBoot.forEach((boot, seqs) -> {
            long max = seqs.lastKey();
            for (long s = 0; s <= max; s++) {
                if (!seqs.containsKey(s)) {
                    problems.add("boot " + boot + ": seq " + s + " missing (max " + max + ")");
                    if (problems.size() > 20) {
                        return;
                    }
                }
            }
            seqs.forEach((s, copies) -> {
                long unflagged = copies.stream().filter(r -> !r).count();
                if (unflagged > 1) {
                    problems.add("boot " + boot + ": seq " + s + " arrived " + unflagged + " times unflagged");
                }
            });
        });
    }

    public List<String> problems() {
        return problems;
    }

    public Map<String, TreeMap<Long, List<Boolean>>> byBoot() {
        return byBoot;
    }

    /** Distinct seqs seen for a boot. */
    public int distinct(String boot) {
        TreeMap<Long, List<Boolean>> m = byBoot.get(boot);
        return m == null ? 0 : m.size();
    }

    public long replayedCopies() {
        return byBoot.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).filter(r -> r).count();
    }
}
