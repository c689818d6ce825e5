package io.edgeinfer.pipeline.shadow;

import io.edgeinfer.pipeline.Prediction;

/**
 * Hears what a candidate said in shadow beside the serving model, window by window: a fleet rollout
 * adds up agreement and latency from it, and a data-capture rule can keep the windows where the two
 * disagree. Called on the shadow's thread, never on the inference thread; it may take its time (the
 * queue in front absorbs it, dropping windows when full), but it must not keep the runner forever.
 */
@FunctionalInterface
public interface ShadowListener {

    /**
     * @param serving the prediction the serving model made (and the pipeline published) for the window
     * @param shadow what the candidate made of the same window, never published
     */
    void compared(Prediction serving, ShadowOutcome shadow);
}
