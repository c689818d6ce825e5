package io.edgeinfer.sensor;

import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import java.util.List;

/**
 * A repeating schedule of machine states (with their shaft speed, load and fault level), aligned to
 * the Unix epoch: the state at any instant is a pure function of the clock. Anyone holding a prediction's timestamp (a test, a dashboard) can
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
        return stepAt(epochNanos).state();
    }

    /** How the machine runs at an instant: its step's speed and load, and the fault level along a ramp. */
    public VibrationSignal.Operating operatingAt(long epochNanos) {
        long t = Math.floorMod(epochNanos, cycleNanos);
        for (ScenarioStep s : steps) {
            long d = nanos(s);
            if (t < d) {
                return operating(s, t / (double) d);
            }
            t -= d;
        }
        return operating(steps.get(steps.size() - 1), 1);
    }

    private ScenarioStep stepAt(long epochNanos) {
        long t = Math.floorMod(epochNanos, cycleNanos);
        for (ScenarioStep s : steps) {
            long d = nanos(s);
            if (t < d) {
                return s;
            }
            t -= d;
        }
        return steps.get(steps.size() - 1);
    }

    private static VibrationSignal.Operating operating(ScenarioStep s, double fraction) {
        return new VibrationSignal.Operating(s.shaftHz() == null ? Double.NaN : s.shaftHz(), s.load(), s.levelAt(
                fraction));
    }

    /** One full pass through the steps, in nanoseconds. */
    public long cycleNanos() {
        return cycleNanos;
    }

    private static long nanos(ScenarioStep s) {
        return Math.round(s.durationS() * 1e9);
    }
}
