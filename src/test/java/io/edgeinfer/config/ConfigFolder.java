package io.edgeinfer.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A config file's folder for reader tests, holding a placeholder model file {@code m.pt}: the reader
 * checks that {@code model.path} exists, and nothing in these tests loads it.
 */
final class ConfigFolder {
    /** The smallest valid file, in one line each: a device and its model; a section test appends its own. */
    static final String MINIMAL = """
            device_id: dev-1
            model: {path: m.pt, labels: [a, b]}
            """;

    private ConfigFolder() {
    }

    /** Reads {@code yaml} as a file in {@code dir} is read, with the placeholder model there. */
    static DaemonConfig parse(Path dir, String yaml) throws ConfigException {
        placeholderModel(dir);
        return new ConfigLoader(Map.of()).parse(yaml, dir);
    }

    /** The errors reading {@code yaml} gives, each {@code path: message}; fails when it reads. */
    static List<String> errors(Path dir, String yaml) {
        try {
            parse(dir, yaml);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    static void placeholderModel(Path dir) {
        Path model = dir.resolve("m.pt");
        try {
            if (!Files.exists(model)) {
                Files.createFile(model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
