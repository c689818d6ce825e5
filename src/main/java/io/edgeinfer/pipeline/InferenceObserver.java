package io.edgeinfer.pipeline;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;

/**
 * Sees every window the inference loop finishes, on the inference thread: it must return at once
 * (record a number, never block). The health watch after a model swap is one; the anomaly alarm
 * topic is another ({@link Prediction#anomaly} carries the window's anomaly result to every observer).
 */
public interface InferenceObserver {

    /** A prediction was made. */
    void inferred(Prediction p);

    /**
     * The model (or the anomaly stage's autoencoder) failed on a window (counted and skipped by the
     * loop); {@code model} is null for a pipeline without a classifier.
     */
    void failed(ModelInfo model, Window w);

    /**
     * The model failed on a window, and why: it raised, or its outputs were not finite. Observers
     * that care about the reason override this one.
     */
    default void failed(ModelInfo model, Window w, InferenceException cause) {
        failed(model, w);
    }
}
