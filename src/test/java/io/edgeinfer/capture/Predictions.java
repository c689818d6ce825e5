package io.edgeinfer.capture;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.AnomalyResult.Contributor;
import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Predictions as the inference loop makes them, for capture tests: a window, a model, scores. */
final class Predictions {
    static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");
    static final ModelInfo MODEL = new ModelInfo("vibration-mlp", "1.0.0", "ab".repeat(32), 1000, LABELS);
    /** 2026-01-01T00:00:00Z. */
    static final long T0_MS = 1_767_225_600_000L;

    private Predictions() {
    }

    /**
     * Window {@code index} as a pipeline without a classifier gives it: no model, no answer, the
     * anomaly stage's result only (scored above a threshold of 5).
     */
    static Prediction withoutClassifier(long index) {
        Window w = window(index);
        AnomalyResult r = new AnomalyResult(index, State.ANOMALY, 9.0, 5.0, true, true, Set.of(), null, 25.0, List.of(
                new Contributor("z.env_bpfo", 7.5)), false, null, null);
        return new Prediction(index, w, null, null, 1000, 2000, 0, 5000, r);
    }

    /** Window {@code index} of 3 x 8 samples ending at T0 + index seconds, with {@code scores} in label order. */
    static Prediction of(long index, double... scores) {
        Window w = window(index);
        Map<String, Double> s = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < scores.length; i++) {
            s.put(LABELS.get(i), scores[i]);
            best = scores[i] > scores[best] ? i : best;
        }
        return new Prediction(index, w, MODEL, new PostProcessor.Classification(LABELS.get(best), scores[best], s),
                1000, 2000,
                0, 5000);
    }

    private static Window window(long index) {
        float[] data = new float[24];
        for (int i = 0; i < data.length; i++) {
            data[i] = index + i / 100f;
        }
        long end = (T0_MS + index * 1000) * 1_000_000;
        return new Window(index, end - 20_000_000, end, System.nanoTime(), 3, 8, data);
    }

    /** A confident prediction of {@code label}. */
    static Prediction sure(long index, int label) {
        double[] s = {0.01, 0.01, 0.01, 0.01};
        s[label] = 0.97;
        return of(index, s);
    }
}
