package io.edgeinfer.control.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.fleet.DeviceReport;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a group's latest reports by revision and state, kept up to date as each report replaces
 * its device's previous one. The operator waits for "every device answered this revision with a
 * final state" after every arrival: with counts that test costs the same at 10 devices and at
 * 10,000, where scanning every report on each arrival made a rollout quadratic in the devices.
 * Not thread-safe: {@link FleetBroker} guards it.
 */
final class ReportTally {
    /** What counts of one report: its revision, its state, and whether that state is final. */
    private record Entry(long revision, String state, boolean terminal) {
    }

    private final Map<String, Entry> latest = new HashMap<>();
    private final Map<Long, Map<String, Integer>> states = new HashMap<>();
    private final Map<Long, Integer> finished = new HashMap<>();

    /** The device's newest report; replaces what its previous one counted. */
    void put(String device, JsonNode report) {
        String state = report.path("state").asText();
        Entry now = new Entry(report.path("revision").asLong(0), state, terminal(state));
        Entry before = latest.put(device, now);
        if (before != null) {
            count(before, -1);
        }
        count(now, 1);
    }

    /** Devices that reported. */
    int devices() {
        return latest.size();
    }

    /** Every device that reported answered {@code revision} with a final state. */
    boolean settled(long revision) {
        return !latest.isEmpty() && finished.getOrDefault(revision, 0) == latest.size();
    }

    /** How many devices stand in each state at {@code revision}, by state name. */
    Map<String, Integer> states(long revision) {
        return new TreeMap<>(states.getOrDefault(revision, Map.of()));
    }

    private void count(Entry e, int delta) {
        states.computeIfAbsent(e.revision(), r -> new HashMap<>()).merge(e.state(), delta, Integer::sum);
        states.get(e.revision()).remove(e.state(), 0);
        if (e.terminal()) {
            finished.merge(e.revision(), delta, Integer::sum);
        }
    }

    static boolean terminal(String state) {
        try {
            return DeviceReport.State.of(state).terminal();
        } catch (IllegalArgumentException unknown) {
            return false; // a newer device's state this operator does not know: not one it can call final
        }
    }
}
