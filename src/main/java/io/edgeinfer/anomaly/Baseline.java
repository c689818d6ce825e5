package io.edgeinfer.anomaly;

import java.util.Arrays;
import java.util.List;

/**
 * What learning produced, as kept in the baseline file: the detector's model of normal (the
 * mixture, for {@code stats}; the autoencoder itself is its own model) and the calibration scores
 * the threshold is fitted to. The threshold is not stored: it follows from the calibration and the
 * current false-alarm budget, so a new budget needs no relearning. Immutable.
 *
 * @param configHash the fingerprint of the settings that learned it; another one means relearn
 * @param detector the detector's config key
 * @param features the feature names, in vector order
 * @param createdMs when learning finished (epoch ms)
 * @param updatedMs when it last changed (an accept; epoch ms)
 * @param learnedWindows good windows learned from
 * @param acceptedWindows windows folded in by operators' accepts since
 * @param accepts how many accepts
 * @param mixture the {@code stats} model, or null
 * @param calibration out-of-sample scores of the learned (and accepted) windows, ascending
 */
record Baseline(String configHash, String detector, List<String> features, long createdMs, long updatedMs,
        long learnedWindows, long acceptedWindows, int accepts, GaussianMixture mixture, double[] calibration) {
    static final String FORMAT = "edgeinfer-anomaly-baseline/1";

    Baseline {
        features = List.copyOf(features);
        calibration = calibration.clone();
        Arrays.sort(calibration);
    }

    /** Names this baseline apart from an earlier one (an accept journal belongs to one baseline). */
    String id() {
        return configHash.substring(0, Math.min(12, configHash.length())) + "-" + createdMs + "-" + accepts;
    }

    TailFit tail() {
        return TailFit.fit(calibration);
    }

    Baseline withAccepted(GaussianMixture newMixture, double[] newCalibration, long windows, long nowMs) {
        return new Baseline(configHash, detector, features, createdMs, nowMs, learnedWindows, acceptedWindows + windows,
                accepts + 1, newMixture, newCalibration);
    }
}
