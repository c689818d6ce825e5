package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.pipeline.shadow.ShadowListener;
import io.edgeinfer.pipeline.shadow.ShadowOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds up a candidate in shadow against the serving model, window by window: top-1 agreement, the
 * confusion of their labels, both models' inference times (so the candidate's p99 and energy can be
 * read against the serving model's on the very same windows), failures and non-finite outputs.
 * Fed on the shadow's thread, read on the agent's.
 */
final class ShadowEvaluation implements ShadowListener {
    /** A candidate label standing for "no answer" in the confusion counts. */
    static final String FAILED = "(failed)";

    private final Latencies candidate = new Latencies();
    private final Latencies serving = new Latencies();
    private final Map<String, Map<String, Long>> confusion = new LinkedHashMap<>();
    private long windows;
    private long agreed;
    private long errors;
    private long nonFinite;

    @Override
    public synchronized void compared(Prediction p, ShadowOutcome s) {
        windows++;
        serving.record(p.inferenceNanos());
        candidate.record(s.inferenceNanos());
        String said = s.failed() ? FAILED : s.result().label();
        confusion.computeIfAbsent(p.result().label(), k -> new LinkedHashMap<>()).merge(said, 1L, Long::sum);
        if (s.failed()) {
            errors++;
            if (s.nonFinite()) {
                nonFinite++;
            }
        } else if (s.agreesWith(p.result())) {
            agreed++;
        }
    }

    synchronized long windows() {
        return windows;
    }

    /**
     * @param dropped windows the shadow had no room for
     * @param powerW telemetry's last power reading (NaN when there is none)
     * @param servingBefore the serving model's inference time before the shadow started
     */
    synchronized DeviceReport.ShadowFigures figures(long dropped, double powerW, DeviceReport.Golden golden,
            double elapsedS,
            DeviceReport.Millis servingBefore) {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        confusion.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        double agreement = windows == 0 ? 0 : Math.round((double) agreed / windows * 1e5) / 1e5;
        return new DeviceReport.ShadowFigures(windows, dropped, agreement, copy, candidate.millis(), serving.millis(),
                errors,
                nonFinite, candidate.energyMj(powerW), serving.energyMj(powerW), golden,
                Math.round(elapsedS * 1000) / 1000.0, servingBefore);
    }
}
