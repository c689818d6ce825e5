package io.edgeinfer.sensor;

import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.config.SourceConfig;
import java.time.Clock;

/** Builds the configured {@link SensorSource}. */
public final class Sources {
    private Sources() {
    }

    public static SensorSource create(SourceConfig config, Clock clock) {
        if (config instanceof SimulatedVibrationConfig sim) {
            return new SimulatedVibrationSource(sim, clock);
        }
        throw new IllegalArgumentException("no source for " + config.getClass().getSimpleName());
    }
}
