package io.edgeinfer.model;

/**
 * A model that cannot serve: missing, unreadable, not TorchScript, or not fitting the pipeline.
 * Names the config key an operator has to change, because at start this is a config error.
 */
public final class ModelLoadException extends Exception {
    private final String key;

    public ModelLoadException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    public ModelLoadException(String key, String message) {
        this(key, message, null);
    }

    /** The config key at fault, e.g. {@code model.path} or {@code model.labels}. */
    public String key() {
        return key;
    }
}
