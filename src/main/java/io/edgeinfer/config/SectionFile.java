package io.edgeinfer.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A YAML file read section by section with the daemon's rules (every error collected, values never
 * coerced), for tools that need one part of a config: a simulator scenario, the anomaly settings a
 * benchmark uses.
 */
public final class SectionFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SectionFile() {
    }

    /**
     * Reads {@code file} and hands its top level to {@code reader} (with the file's folder, against
     * which relative paths resolve).
     *
     * @throws ConfigException with every error the reader found, or when the file is not YAML
     */
    public static <T> T read(Path file, BiFunction<Section, Path, T> reader) throws ConfigException {
        Path abs = file.toAbsolutePath().normalize();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(abs));
        } catch (JacksonException e) {
            throw new ConfigException("(file)", abs + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("(file)", abs + " cannot be read: " + e.getMessage());
        }
        List<ConfigError> errors = new ArrayList<>();
        T value = reader.apply(new Section(root, "", errors), abs.getParent());
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return value;
    }
}
