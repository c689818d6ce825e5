package io.edgeinfer.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A config record at its defaults, for code that builds one without a file (benchmarks, tests). The
 * record's reader reads a section holding only the given keys, so every other value comes from the
 * reader itself: a default is written once, where its key is read, and nowhere else.
 */
final class Defaults {
    private static final ObjectMapper TREES = new ObjectMapper();

    private Defaults() {
    }

    /**
     * @param path the section's key path, for error messages
     * @param given the keys to set, as they would be written in YAML (paths as strings)
     * @throws IllegalArgumentException when {@code given} does not pass the reader's checks
     */
    static <T> T read(String path, Map<String, ?> given, Function<Section, T> reader) {
        List<ConfigError> errors = new ArrayList<>();
        Section section = new Section(TREES.valueToTree(given), path, errors);
        T record = reader.apply(section);
        section.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(new ConfigException(errors).getMessage());
        }
        return record;
    }
}
