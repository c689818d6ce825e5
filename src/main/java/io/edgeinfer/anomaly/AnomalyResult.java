package io.edgeinfer.anomaly;

import com.fasterxml.jackson.annotation.JsonValue;
import io.edgeinfer.model.SignalFlag;
import java.util.List;
import java.util.Set;

/**
 * What the anomaly stage made of one window (docs/anomaly.md, "Result"; the pipeline publishes it).
 *
 * @param window the window's index
 * @param state what this window is
 * @param score the detector's score, null while learning, for a sensor fault or with no detector
 * @param threshold the score an alarm-worthy window exceeds, null until a baseline exists
 * @param above this window scored above the threshold
 * @param alarm the alarm is on (raised by persistence, cleared by hysteresis); never while learning
 * @param flags what made this window a sensor fault; empty otherwise
 * @param severity ISO 20816-3 severity, null without acceleration channels or for a sensor fault
 * @param shaftHz the shaft speed used for order features (given, configured or estimated), null for
 *     a sensor fault
 * @param contributors for a window above the threshold, the features furthest from normal ({@code stats})
 * @param novelCondition for a window above the threshold ({@code stats}), the operating condition
 *     itself (shaft speed, load) is more than 4 standard deviations from every learned mode: a
 *     condition never seen while learning, which an operator may {@code accept} if it is normal
 * @param learning progress while learning or accepting, else null
 * @param baseline what the current baseline rests on, null while none exists
 */
public record AnomalyResult(long window, State state, Double score, Double threshold, boolean above, boolean alarm,
        Set<SignalFlag> flags, Severity severity, Double shaftHz, List<Contributor> contributors,
        boolean novelCondition,
        Learning learning, BaselineInfo baseline) {

    public AnomalyResult {
        flags = Set.copyOf(flags);
        contributors = List.copyOf(contributors);
    }

    /** What a window is. */
    public enum State {
        /** Learning or accepting: scored against nothing (or not alarmed on). */
        LEARNING("learning"),
        /** Scored, and the alarm is off. */
        NORMAL("normal"),
        /** Scored, and the alarm is on. */
        ANOMALY("anomaly"),
        /** The signal cannot be trusted (see flags): neither scored nor learned. */
        SENSOR_FAULT("sensor_fault"),
        /** {@code detector: none}: severity only. */
        UNSCORED("unscored");

        private final String key;

        State(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }

    /** A feature far from normal: its name and its distance in standard deviations (signed). */
    public record Contributor(String feature, double z) {
    }

    /**
     * Learning progress.
     *
     * @param phase {@code learn} (a new baseline) or {@code accept} (folding a condition in)
     * @param windows good windows collected
     * @param targetWindows windows it waits for
     * @param elapsedS seconds since it started
     * @param targetS the least time it lasts (0: none)
     * @param fitting the windows are in and the fit is running
     */
    public record Learning(String phase, long windows, long targetWindows, double elapsedS, double targetS,
            boolean fitting) {
    }

    /**
     * @param windows good windows it was learned from
     * @param windowsNeeded windows the false-alarm budget needs (docs/anomaly.md, "How much learning")
     * @param sufficient {@code windows >= windowsNeeded}: when false the false-alarm rate is not
     *     what the budget asks (likely higher)
     * @param acceptedWindows windows operators' accepts folded in
     * @param createdMs when learning finished (epoch ms)
     */
    public record BaselineInfo(long windows, long windowsNeeded, boolean sufficient, long acceptedWindows,
            long createdMs) {
    }
}
