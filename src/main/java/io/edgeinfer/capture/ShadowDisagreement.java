package io.edgeinfer.capture;

import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.pipeline.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the windows on which a shadow model (a candidate run on the same windows on its own thread)
 * labels differently from the serving one, with the shadow's answer beside the serving one's. Wire
 * it as the shadow runner's per-window listener: {@code shadow.addListener(capture.shadowDisagreement()::compared)}.
 * Does nothing unless {@code capture.shadow_disagreement} is on.
 */
public final class ShadowDisagreement {
    public static final String REASON = "shadow_disagreement";

    private final CaptureTrigger trigger;

    public ShadowDisagreement(CaptureTrigger trigger) {
        this.trigger = trigger;
    }

    /** One window's two answers; called on the shadow runner's thread, returns at once. */
    public void compared(Prediction serving, Prediction shadow) {
        if (serving.result().label().equals(shadow.result().label())) {
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", ModelRef.of(shadow.model()));
        answer.put("label", shadow.result().label());
        answer.put("confidence", shadow.result().confidence());
        answer.put("scores", shadow.result().scores());
        trigger.keep(REASON, serving, Map.of("shadow", answer));
    }
}
