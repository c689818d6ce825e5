package io.edgeinfer.control;

import io.edgeinfer.config.ConfigError;
import java.util.List;

/** One problem of a refused config, as listed in an {@code invalid_config} answer's {@code errors}. */
public record FieldError(String path, String message) {
    static List<FieldError> of(List<ConfigError> errors) {
        return errors.stream().map(e -> new FieldError(e.path(), e.message())).toList();
    }
}
