package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimulatedVibrationConfig(double rateHz, long seed, List<ScenarioStep> scenario, boolean realtime,
        GpioTriggerConfig trigger, SensorMount mount) implements SourceConfig {
    public static final String TYPE = "simulated-vibration";

    public SimulatedVibrationConfig {
        scenario = List.copyOf(scenario);
        mount = mount == null ? SensorMount.TOP : mount;
    }

    /** Without a GPIO trigger. */
    public SimulatedVibrationConfig(double rateHz, long seed, List<ScenarioStep> scenario, boolean realtime) {
        this(rateHz, seed, scenario, realtime, null);
    }

    /** Mounted on top, as the demo model was trained. */
    public SimulatedVibrationConfig(double rateHz, long seed, List<ScenarioStep> scenario, boolean realtime,
            GpioTriggerConfig trigger) {
        this(rateHz, seed, scenario, realtime, trigger, SensorMount.TOP);
    }

    @Override
    public List<java.nio.file.Path> deviceNodes() {
        return trigger == null ? List.of() : List.of(trigger.chip());
    }

    @Override
    public int channels() {
        return 3;
    }

    /** One stretch of the scenario: a machine state (a model label) held for a duration. */
    public record ScenarioStep(MachineState state, double durationS) {}
}
