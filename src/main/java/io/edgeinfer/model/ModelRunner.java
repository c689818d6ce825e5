package io.edgeinfer.model;

/**
 * The port to a loaded model. One runner is used by one thread at a time (the inference thread);
 * loading, warming and closing may happen on others.
 */
public interface ModelRunner extends AutoCloseable {

    ModelInfo info();

    /** Runs the model on one window. */
    ModelOutput predict(Window window) throws InferenceException;

    /** Frees native memory. Idempotent. */
    @Override
    void close();
}
