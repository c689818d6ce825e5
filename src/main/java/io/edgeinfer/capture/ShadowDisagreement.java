package io.edgeinfer.capture;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.pipeline.PostProcessor.Classification;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.pipeline.shadow.ShadowListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the windows on which a shadow model (a candidate run on the same windows on its own thread)
 * labels differently from the serving one, with the shadow's answer beside the serving one's. The
 * composition root adds {@link #listenerFor} to every shadow runner it makes for the pipeline. Does
 * nothing unless {@code capture.shadow_disagreement} is on.
 */
public final class ShadowDisagreement {
    public static final String REASON = "shadow_disagreement";

    private final CaptureTrigger trigger;

    public ShadowDisagreement(CaptureTrigger trigger) {
        this.trigger = trigger;
    }

    /**
     * The listener for a shadow runner whose candidate is {@code candidate}. A window the candidate
     * failed on is not kept: a failure says something about the candidate, not about the data.
     */
    public ShadowListener listenerFor(ModelInfo candidate) {
        return (serving, shadow) -> {
            if (!shadow.failed()) {
                compared(serving, candidate, shadow.result());
            }
        };
    }

    /** One window's two answers; called on the shadow runner's thread, returns at once. */
    public void compared(Prediction serving, Prediction shadow) {
        compared(serving, shadow.model(), shadow.result());
    }

    private void compared(Prediction serving, ModelInfo shadowModel, Classification shadow) {
        if (serving.result().label().equals(shadow.label())) {
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", ModelRef.of(shadowModel));
        answer.put("label", shadow.label());
        answer.put("confidence", shadow.confidence());
        answer.put("scores", shadow.scores());
        trigger.keep(REASON, serving, Map.of("shadow", answer));
    }
}
