package io.edgeinfer.pipeline;

import io.edgeinfer.model.Window;
import io.edgeinfer.model.ModelInfo;

/**
 * Sees every window the inference loop finishes, on the inference thread: it must return at once
 * (record a number, never block). The health watch after a model swap is one.
 */
public interface InferenceObserver {

    /** A prediction was made. */
    void inferred(Prediction p);

    /** The model failed on a window (counted and skipped by the loop). */
    void failed(ModelInfo model, Window w);
}
