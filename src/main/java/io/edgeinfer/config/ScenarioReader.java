package io.edgeinfer.config;

import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a simulator scenario: a list of steps {@code {state, duration_s}} with the optional
 * operating keys {@code shaft_hz}, {@code load} and the fault's {@code fault_level} and
 * {@code fault_level_to} (a ramp over the step: a degradation). Used for {@code source.scenario}
 * and for {@code edgeinfer simulate --scenario}.
 */
public final class ScenarioReader {
    private ScenarioReader() {
    }

    /** Each state for 20 s at the defaults: the built-in scenario. */
    public static List<ScenarioStep> defaults() {
        List<ScenarioStep> steps = new ArrayList<>();
        for (MachineState st : MachineState.values()) {
            steps.add(new ScenarioStep(st, 20));
        }
        return steps;
    }

    /** The steps under {@code key}, or the defaults when it is absent; errors go to the section. */
    public static List<ScenarioStep> read(Section s, String key) {
        List<Section> items = s.sectionList(key);
        if (items == null) {
            return defaults();
        }
        if (items.isEmpty()) {
            s.error(key, "must list at least one step");
        }
        List<ScenarioStep> steps = new ArrayList<>();
        for (Section item : items) {
            steps.add(step(item));
        }
        return steps;
    }

    private static ScenarioStep step(Section item) {
        MachineState st = item.choice("state", null, MachineState.BY_KEY);
        if (st == null && !item.has("state")) {
            item.error("state", "is required");
        }
        double d = item.number("duration_s", Double.NaN, 0.1, 86_400);
        if (Double.isNaN(d) && !item.has("duration_s")) {
            item.error("duration_s", "is required");
        }
        double shaft = item.number("shaft_hz", Double.NaN, 1, 1000);
        double load = item.number("load", 1, 0.1, 10);
        double level = item.number("fault_level", 1, 0, 10);
        double levelTo = item.number("fault_level_to", Double.NaN, 0, 10);
        // The level a rendered config writes for every step (1) is harmless on a normal one.
        if (st == MachineState.NORMAL && (level != 1 || item.has("fault_level_to"))) {
            item.error("fault_level", "applies to a fault state (imbalance, misalignment, bearing_fault), not normal");
        }
        item.rejectUnknown();
        return new ScenarioStep(st, d, Double.isNaN(shaft) ? null : shaft, load, level,
                Double.isNaN(levelTo) ? null : levelTo);
    }
}
