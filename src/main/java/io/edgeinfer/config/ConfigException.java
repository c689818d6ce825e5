package io.edgeinfer.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot be used. Carries every error found, not just the first, so an operator fixes
 * the file in one pass. The daemon maps it to exit code 78 (EX_CONFIG).
 */
public final class ConfigException extends Exception {
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String path, String message) {
        this(List.of(new ConfigError(path, message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String render(List<ConfigError> errors) {
        String lines = errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
        return "invalid configuration (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n" + lines;
    }
}
