package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The machine conditions the vibration simulator can produce; their keys are the demo model's labels. */
public enum MachineState {
    NORMAL("normal"), IMBALANCE("imbalance"), MISALIGNMENT("misalignment"), BEARING_FAULT("bearing_fault");

    /** Every state by its key, for config parsing. */
    public static final Map<String, MachineState> BY_KEY = Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(
            MachineState::key, Function.identity()));

    private final String key;

    MachineState(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }
}
