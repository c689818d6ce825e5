package io.edgeinfer.pipeline.shadow;

import io.edgeinfer.pipeline.PostProcessor.Classification;

/**
 * The candidate's answer to one window in shadow.
 *
 * @param result its label and scores (its own labels, in its own order); null when it failed
 * @param inferenceNanos time in the candidate model, as the serving model's {@code inference} time is measured
 * @param queueNanos how long the window waited for the shadow after the serving model had finished it
 * @param error why it failed (it raised, or gave NaN or infinity); null when it answered
 * @param nonFinite it failed because an output was NaN or infinite
 */
public record ShadowOutcome(Classification result, long inferenceNanos, long queueNanos, String error,
        boolean nonFinite) {

    public boolean failed() {
        return result == null;
    }

    /** Whether it gave the serving model's top label. */
    public boolean agreesWith(Classification serving) {
        return result != null && result.label().equals(serving.label());
    }
}
