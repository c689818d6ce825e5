package io.edgeinfer.mqtt;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import java.util.List;
import java.util.Set;

/** Predictions made by hand, for the publishing-mode tests. */
final class Predictions {
    static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");
    static final ModelInfo MODEL = new ModelInfo("vibration-mlp", "1.0.0", "0".repeat(64), 1000, LABELS);

    private Predictions() {
    }

    /** Prediction {@code seq} of {@code MODEL}: {@code label} with score {@code confidence}, the rest shared equally. */
    static Prediction of(long seq, String label, double confidence) {
        return of(seq, label, confidence, Set.of(), MODEL);
    }

    static Prediction of(long seq, String label, double confidence, Set<SignalFlag> flags, ModelInfo model) {
        PostProcessor post = new PostProcessor(LABELS);
        float[] logits = new float[LABELS.size()];
        double rest = (1 - confidence) / (LABELS.size() - 1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(LABELS.get(i).equals(label) ? confidence : rest);
        }
        long t = 1_795_907_435_000_000_000L + seq * 320_000_000L;
        Window w = new Window(seq, t - 640_000_000L, t, 0, 3, 256, new float[3 * 256], new int[]{3, 256}, flags, null);
        return new Prediction(seq, w, model, post.classify(logits), 400_000, 900_000, 100_000, 1_500_000);
    }
}
