package io.edgeinfer.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.Severity;
import io.edgeinfer.model.SignalFlag;
import java.util.List;

/**
 * The {@code anomaly} member of a prediction (docs/mqtt-api.md, "predictions"): what the pipeline's
 * anomaly stage made of the window. Members that do not apply are left out rather than sent as null,
 * so a subscriber reads {@code state} first and then what that state carries.
 *
 * @param state {@code learning}, {@code normal}, {@code anomaly} (the alarm is on),
 *     {@code sensor_fault} or {@code unscored} ({@code detector: none})
 * @param learnedWindows good windows the baseline rests on, or collected so far while learning
 * @param topFeatures for a window above the threshold, the features furthest from normal
 * @param flags why the window is a sensor fault
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnomalyMessage(String state, Double score, Double threshold, boolean above, boolean alarm,
        Long learnedWindows, AnomalyResult.Learning learning, Boolean baselineSufficient, List<TopFeature> topFeatures,
        Boolean novelCondition, List<SignalFlag> flags, Double shaftHz) {

    /** A feature far from normal: its name and its distance in standard deviations (signed). */
    public record TopFeature(String feature, double z) {
    }

    /** The message for one window's result. */
    public static AnomalyMessage of(AnomalyResult r) {
        Long learned = r.learning() != null && r.baseline() == null
                ? Long.valueOf(r.learning().windows())
                : r.baseline() == null ? null : r.baseline().windows();
        List<TopFeature> top = r.contributors().isEmpty()
                ? null
                : r.contributors().stream().map(c -> new TopFeature(c.feature(), round(c.z()))).toList();
        return new AnomalyMessage(r.state().key(), r.score(), r.threshold(), r.above(), r.alarm(), learned, r
                .learning(),
                r.baseline() == null ? null : r.baseline().sufficient(), top, top == null ? null : r.novelCondition(),
                r.flags().isEmpty() ? null : r.flags().stream().sorted().toList(), r.shaftHz());
    }

    /** The {@code severity} member: ISO 20816-3 velocity of the worst channel, and each channel's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeverityMessage(double velocityRmsMmS, String zone, String channel, double upperHz,
            List<Severity.Channel> channels) {

        /** null when the window has no severity (no acceleration channels, a sensor fault). */
        public static SeverityMessage of(Severity s) {
            return s == null
                    ? null
                    : new SeverityMessage(round(s.velocityRmsMmS()), s.zone(), s.channel(), s.upperHz(),
                            s.channels().stream().map(c -> new Severity.Channel(c.channel(), round(c.velocityRmsMmS()),
                                    c.zone()))
                                    .toList());
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
