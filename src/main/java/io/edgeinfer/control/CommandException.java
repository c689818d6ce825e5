package io.edgeinfer.control;

import io.edgeinfer.config.ConfigError;
import java.util.List;

/**
 * A command that is refused: a machine-readable {@link #code()} and a message for people, plus the
 * config errors when a pushed config is invalid. Nothing of the command has been applied.
 */
public final class CommandException extends Exception {
    private final String code;
    private final transient List<ConfigError> errors;

    public CommandException(String code, String message) {
        this(code, message, List.of(), null);
    }

    public CommandException(String code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public CommandException(String code, String message, List<ConfigError> errors, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    /** e.g. {@code bad_signature}, {@code sha256_mismatch}, {@code invalid_config} (docs/mqtt-api.md). */
    public String code() {
        return code;
    }

    /** Every config error, for {@code invalid_config}; empty otherwise. */
    public List<ConfigError> errors() {
        return errors;
    }
}
