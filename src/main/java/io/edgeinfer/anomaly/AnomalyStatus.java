package io.edgeinfer.anomaly;

/**
 * The anomaly stage at a glance, for a status report (any thread may ask; the pipeline thread
 * updates it after every window).
 *
 * @param detector the detector's config key
 * @param phase {@code learning}, {@code accepting} or {@code ready} ({@code off} with {@code detector: none})
 * @param learning progress while learning or accepting, else null
 * @param baseline what the baseline rests on, null while there is none
 * @param threshold the current threshold, null without a baseline
 * @param alarm the alarm is on
 * @param relearnReason why the stage is learning anew instead of using the baseline file (settings
 *     changed, damaged file), null when it is not
 * @param lastError the last failure (a fit, a write), null if none
 */
public record AnomalyStatus(String detector, String phase, AnomalyResult.Learning learning,
        AnomalyResult.BaselineInfo baseline, Double threshold, boolean alarm, String relearnReason, String lastError) {
}
