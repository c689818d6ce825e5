package io.edgeinfer.model;

/** One inference failed; the loop counts it and goes on with the next window. */
public final class InferenceException extends Exception {
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
