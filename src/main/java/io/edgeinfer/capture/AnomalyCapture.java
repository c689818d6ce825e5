package io.edgeinfer.capture;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the windows a pipeline's anomaly stage scores above its threshold (reason {@code anomaly}):
 * the ones a model trained at home has not seen. Windows scored while the stage learns or folds in
 * an accepted condition are left alone (an operator said they are normal), as are sensor faults.
 * The capture's rate limit for the reason applies. Inference thread; returns at once.
 */
public final class AnomalyCapture implements InferenceObserver {
    static final String REASON = "anomaly";

    private final CaptureTrigger trigger;

    public AnomalyCapture(CaptureTrigger trigger) {
        this.trigger = trigger;
    }

    @Override
    public void inferred(Prediction p) {
        AnomalyResult r = p.anomaly();
        if (r == null || !r.above() || (r.state() != State.NORMAL && r.state() != State.ANOMALY)) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("score", r.score());
        detail.put("threshold", r.threshold());
        detail.put("alarm", r.alarm());
        detail.put("top_features", r.contributors().stream().map(AnomalyResult.Contributor::feature).toList());
        trigger.keep(REASON, p, detail);
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // A failed window has no score.
    }
}
