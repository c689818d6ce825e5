package io.edgeinfer.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a YAML config file into a validated {@link DaemonConfig}, and renders one back as YAML. */
public final class ConfigLoader {
    /** Two keys of one name in a mapping would silently keep the last: the parser refuses them. */
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final ObjectMapper WRITER = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance));

    /** Jackson's message for {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}. */
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) '(.*)'");

    private final Map<String, String> env;
    private final Path devRoot;

    public ConfigLoader(Map<String, String> env) {
        this(env, Path.of("/dev"));
    }

    /** @param devRoot where device files named by the config are looked for (tests use a folder) */
    public ConfigLoader(Map<String, String> env, Path devRoot) {
        this.env = env;
        this.devRoot = devRoot;
    }

    public DaemonConfig load(Path file) throws ConfigException {
        Path abs = file.toAbsolutePath().normalize();
        return parse(read(abs), abs.getParent());
    }

    /** Parses YAML text; relative paths in it resolve against {@code baseDir}. */
    public DaemonConfig parse(String yaml, Path baseDir) throws ConfigException {
        return new ConfigReader(baseDir, env, devRoot).read(tree(yaml));
    }

    /** Config text as a tree: YAML, not empty, no key written twice in one mapping. */
    public static JsonNode tree(String yaml) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            JsonLocation loc = e.getLocation();
            String line = loc == null ? "" : " at line " + loc.getLineNr();
            Matcher dup = DUPLICATE.matcher(e.getOriginalMessage());
            if (dup.find()) {
                throw new ConfigException("(file)", "key '" + dup.group(1) + "' is written twice in one mapping (again"
                        + line + "): merge the two, or the second would silently replace the first");
            }
            String where = loc == null ? "" : line + ", column " + loc.getColumnNr();
            throw new ConfigException("(file)", "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("(file)", "is empty");
        }
        return root;
    }

    /** The effective config (defaults filled in) as YAML, for {@code check-config}. */
    public static String render(DaemonConfig config) {
        try {
            ObjectNode tree = WRITER.valueToTree(config);
            if (!config.named()) {
                // The single-pipeline form prints as it is written: its sections at the top level.
                ObjectNode only = (ObjectNode) tree.remove("pipelines").get(0);
                only.remove("id");
                ObjectNode out = WRITER.createObjectNode();
                out.set("device_id", tree.remove("device_id"));
                out.setAll(only);
                out.setAll(tree);
                tree = out;
            }
            return WRITER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException("config cannot be rendered", e);
        }
    }

    private static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("(file)", "config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("(file)", "config file " + file + " cannot be read: " + e.getMessage());
        }
    }
}
