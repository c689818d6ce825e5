package io.edgeinfer.capture;

import io.edgeinfer.config.CaptureConfig;
import io.edgeinfer.pipeline.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The pipeline's own reasons to keep a window, judged from its prediction alone on the inference
 * thread: a low top score, a small gap between the top two, a label the model rarely gives, and a
 * random sample (the only one for a pipeline without a classifier). Each costs a few comparisons; nothing here allocates unless a window is chosen.
 * Not thread-safe: the inference thread only.
 */
final class PredictionRules {
    private final Double minConfidence;
    private final Double minMargin;
    private final RareLabels rare;
    private final double sampleRate;
    private final SplittableRandom random;

    PredictionRules(CaptureConfig c, long seed) {
        this.minConfidence = c.minConfidence();
        this.minMargin = c.minMargin();
        this.rare = c.rareLabelShare() == null ? null : new RareLabels(c.rareLabelShare(), c.rareLabelWindow());
        this.sampleRate = c.sampleRate();
        this.random = new SplittableRandom(seed);
    }

    /** The reasons {@code p} is worth keeping for, or null when there is none. */
    List<String> reasons(Prediction p) {
        List<String> out = null;
        // Without a classifier there are no scores to judge (the config refuses those reasons there).
        if (p.result() != null) {
            out = judgeScores(p);
        }
        if (sampleRate > 0 && random.nextDouble() < sampleRate) {
            out = add(out, "sample");
        }
        return out;
    }

    private List<String> judgeScores(Prediction p) {
        List<String> out = null;
        double confidence = p.result().confidence();
        if (minConfidence != null && confidence < minConfidence) {
            out = add(out, "low_confidence");
        }
        if (minMargin != null && margin(p.result().scores(), confidence) < minMargin) {
            out = add(out, "low_margin");
        }
        if (rare != null && rare.isRare(p.result().label(), p.model().labels())) {
            out = add(out, "rare_label");
        }
        return out;
    }

    /** The top score minus the second. */
    static double margin(Map<String, Double> scores, double top) {
        double second = 0;
        boolean skippedTop = false;
        for (double s : scores.values()) {
            if (!skippedTop && s == top) {
                skippedTop = true;
            } else {
                second = Math.max(second, s);
            }
        }
        return top - second;
    }

    private static List<String> add(List<String> list, String reason) {
        List<String> out = list == null ? new ArrayList<>(2) : list;
        out.add(reason);
        return out;
    }
}
