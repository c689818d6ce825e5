package io.edgeinfer.capture;

import io.edgeinfer.pipeline.Prediction;
import java.util.Map;

/**
 * Where another part of the daemon hands in a window worth keeping: a shadow model that disagrees
 * with the serving one ({@link ShadowDisagreement}), an anomaly detector ({@code anomaly}). The
 * reason must be one of {@code CaptureConfig.REASONS}; its rate limit applies. Thread-safe, and
 * returns at once: a window the capture thread has no room for is dropped and counted.
 */
@FunctionalInterface
public interface CaptureTrigger {
    /**
     * @param reason why, e.g. {@code shadow_disagreement} or {@code anomaly}
     * @param p the serving model's prediction of the window (its window is what is kept)
     * @param detail what the reason saw (the other model's answer, a score); JSON-encodable, may be empty
     */
    void keep(String reason, Prediction p, Map<String, Object> detail);
}
