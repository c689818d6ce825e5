package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in 3-axis vibration simulator.
 *
 * @param rateHz samples per second
 * @param seed RNG seed: the same seed gives the same samples
 * @param scenario machine states in order, repeated; aligned to the epoch so the state at any
 *     instant is known from the clock alone
 * @param realtime pace samples to the wall clock (false: as fast as consumed, for benchmarks)
 * @param trigger optional GPIO gate or trigger, or null
 * @param mount where the sensor sits: {@code top} (as the demo model was trained) or {@code side}
 * @param speed with {@code realtime}: how many times faster than the wall clock the simulated time
 *     runs (1: real time); sample timestamps keep the sample rate, so they run ahead of the clock
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimulatedVibrationConfig(double rateHz, long seed, List<ScenarioStep> scenario, boolean realtime,
        GpioTriggerConfig trigger, SensorMount mount, double speed) implements SourceConfig {
    public static final String TYPE = "simulated-vibration";

    public SimulatedVibrationConfig {
        scenario = List.copyOf(scenario);
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, got " + speed);
        }
        mount = mount == null ? SensorMount.TOP : mount;
    }

    /** Without a GPIO trigger, at real time. */
    public SimulatedVibrationConfig(double rateHz, long seed, List<ScenarioStep> scenario, boolean realtime) {
        this(rateHz, seed, scenario, realtime, null, SensorMount.TOP, 1);
    }

    /** Mounted on top, as the demo model was trained. */
    public SimulatedVibrationConfig(double rateHz, long seed, List<ScenarioStep> scenario, boolean realtime,
            GpioTriggerConfig trigger) {
        this(rateHz, seed, scenario, realtime, trigger, SensorMount.TOP, 1);
    }

    /** At real time. */
    public SimulatedVibrationConfig(double rateHz, long seed, List<ScenarioStep> scenario, boolean realtime,
            GpioTriggerConfig trigger, SensorMount mount) {
        this(rateHz, seed, scenario, realtime, trigger, mount, 1);
    }

    @Override
    public List<Path> deviceNodes() {
        return trigger == null ? List.of() : List.of(trigger.chip());
    }

    @Override
    public int channels() {
        return 3;
    }

    /**
     * One stretch of the scenario: a machine state (a model label) held for a duration, optionally
     * at a set shaft speed and load, with the fault's level constant or ramping over the step (a
     * degradation).
     *
     * @param shaftHz the shaft speed the machine runs at (reached at 20 Hz/s), or null for the
     *     default slow wander between 20 and 30 Hz
     * @param load the load factor: scales the machine's vibration (not gravity, not sensor noise)
     * @param faultLevel the fault's strength (1 = the demo's; 0 = none), at the start of the step
     * @param faultLevelTo the level at the end of the step, ramping linearly, or null for constant
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScenarioStep(MachineState state, double durationS, Double shaftHz, double load, double faultLevel,
            Double faultLevelTo) {
        /** A state at the defaults: wandering speed, nominal load, the fault at full strength. */
        public ScenarioStep(MachineState state, double durationS) {
            this(state, durationS, null, 1, 1, null);
        }

        /** The fault level {@code fraction} (0..1) of the way through the step. */
        public double levelAt(double fraction) {
            return faultLevelTo == null ? faultLevel : faultLevel + (faultLevelTo - faultLevel) * fraction;
        }
    }
}
