package io.edgeinfer.capture;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.util.List;

/**
 * Judges every prediction on the inference thread against the pipeline's own reasons and hands a
 * chosen one on, never waiting: the model must not be slowed by what is kept of it.
 */
final class CaptureObserver implements InferenceObserver {
    private final PredictionRules rules;
    private final Intake intake;

    CaptureObserver(PredictionRules rules, Intake intake) {
        this.rules = rules;
        this.intake = intake;
    }

    @Override
    public void inferred(Prediction p) {
        List<String> reasons = rules.reasons(p);
        if (reasons != null) {
            intake.judged(p, reasons);
        }
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // a window without an answer has nothing to learn from
    }
}
