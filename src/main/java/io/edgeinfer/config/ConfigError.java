package io.edgeinfer.config;

/** One problem found in a config: the key path it concerns (e.g. {@code model.labels}) and what is wrong. */
public record ConfigError(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
