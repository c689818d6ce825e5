package io.edgeinfer.model;

/**
 * A model that cannot serve: missing, unreadable, not TorchScript, or not fitting the pipeline.
 * Names the config key an operator has to change, because at start this is a config error.
 */
public final class ModelLoadException extends Exception {
    private final String key;
    private final Reason reason;

    /** What is wrong, for callers that answer differently per kind (remote model swaps). */
    public enum Reason {
        /** Missing or unreadable file. */
        UNREADABLE,
        /** Not a TorchScript model the engine can load. */
        NOT_A_MODEL,
        /** Rejects the pipeline's input shape. */
        INPUT_SHAPE,
        /** Output count differs from the label count. */
        LABEL_COUNT,
        /** NaN or infinite outputs. */
        NON_FINITE,
        /** Made for another quantized engine than the one this process's int8 models run on. */
        ENGINE_MISMATCH,
        /** The output is not one tensor of float logits (a tuple, integers). */
        OUTPUT, OTHER
    }

    public ModelLoadException(String key, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.reason = reason;
    }

    public ModelLoadException(String key, String message, Throwable cause) {
        this(key, Reason.OTHER, message, cause);
    }

    public ModelLoadException(String key, String message) {
        this(key, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The config key at fault, e.g. {@code model.path} or {@code model.labels}. */
    public String key() {
        return key;
    }
}
