package io.edgeinfer.capture;

import io.edgeinfer.config.CaptureConfig;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.outbox.ManualClock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A pipeline's capture for tests: the simulator's channels, a manual clock, the given settings. */
final class Captures {
    private Captures() {
    }

    /** Capture on, every rate limit out of the way unless {@code given} sets one, kept in {@code dir}. */
    static PipelineCapture of(Path dir, ManualClock clock, Map<String, ?> given) {
        Map<String, Object> c = new HashMap<>(given);
        c.put("enabled", true);
        c.put("dir", dir.toString());
        c.putIfAbsent("min_free_bytes", 0);
        if (!c.containsKey("rate_per_min")) {
            Map<String, Object> rates = new HashMap<>();
            CaptureConfig.REASONS.forEach(r -> rates.put(r, 1_000_000));
            c.put("rate_per_min", rates);
        }
        return new PipelineCapture("main", CaptureConfig.of(c), new SimulatedVibrationConfig(400, 1, List.of(), true),
                "dev-1", "boot-1", clock, () -> clock.millis() * 1_000_000);
    }
}
