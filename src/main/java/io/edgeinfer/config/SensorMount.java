package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * Where the simulated accelerometer sits on the machine. The demo model was trained on {@link #TOP}
 * only; {@link #SIDE} is a machine it has never seen (docs/capture.md, "The loop, demonstrated").
 */
public enum SensorMount {
    /** On top of the bearing housing, as the demo model was trained: z vertical (gravity) and axial. */
    TOP("top"),
    /**
     * Moved to the side of the housing, turned 90° about its x axis: its y axis now reads what z read
     * (gravity, the axial motion) and its z axis the other radial direction.
     */
    SIDE("side");

    public static final Map<String, SensorMount> BY_KEY = Map.of(TOP.key, TOP, SIDE.key, SIDE);

    private final String key;

    SensorMount(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }
}
