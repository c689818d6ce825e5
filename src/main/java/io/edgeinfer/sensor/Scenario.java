package io.edgeinfer.sensor;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import java.util.List;

/**
 * A repeating schedule of machine states, aligned to the Unix epoch: the state at any instant is a
 * pure function of the clock. Anyone holding a prediction's timestamp (a test, a dashboard) can
 * tell which state the simulator was in, across restarts, without asking the daemon.
 */
public final class Scenario {
    private final List<ScenarioStep> steps;
    private final long cycleNanos;

    public Scenario(List<ScenarioStep> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one step");
        }
        this.steps = List.copyOf(steps);
        this.cycleNanos = steps.stream().mapToLong(Scenario::nanos).sum();
    }

    public MachineState stateAt(long epochNanos) {
        long t = Math.floorMod(epochNanos, cycleNanos);
        for (ScenarioStep s : steps) {
            long d = nanos(s);
            if (t < d) {
                return s.state();
            }
            t -= d;
        }
        return steps.get(steps.size() - 1).state();
    }

    private static long nanos(ScenarioStep s) {
        return Math.round(s.durationS() * 1e9);
    }
}
