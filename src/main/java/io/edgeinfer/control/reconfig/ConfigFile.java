package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.data.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config file on disk: read as a YAML tree, and rewritten after a remote change so a restart
 * keeps it (atomically: a synced temporary file renamed over it; the previous file kept as
 * {@code FILE.bak}). Remembers the hash of the bytes last applied, so a reload of an unchanged file
 * (our own write seen by the file watch) does nothing.
 */
public final class ConfigFile {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFile.class);
    private static final ObjectMapper YAML_READER = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper YAML_WRITER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private static final String HEADER = "# Written by edgeinfer";

    private final Path path;
    private final Clock clock;
    private String appliedHash;
    private final JsonNode initial;

    /** A file's bytes as a tree, and their hash. */
    record Snapshot(JsonNode tree, String hash) {
    }

    private ConfigFile(Path path, Clock clock) {
        this.path = path.toAbsolutePath().normalize();
        this.clock = clock;
        JsonNode tree = null;
        try {
            Snapshot s = readIfChanged();
            tree = s.tree();
            appliedHash = s.hash();
        } catch (CommandException e) {
            LOG.warn("config file {} cannot be read again ({}); config changes will be refused", path, e.getMessage());
        }
        this.initial = tree;
    }

    /** The file the daemon was started from, read again as a tree (the base of every later change). */
    public static ConfigFile open(Path path, Clock clock) {
        return new ConfigFile(path, clock);
    }

    /** The tree read when it was opened; null when it could not be read (then changes are refused). */
    JsonNode initialTree() {
        return initial;
    }

    public Path path() {
        return path;
    }

    /** Reads the file; null when its bytes are those last applied. */
    Snapshot readIfChanged() throws CommandException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CommandException("invalid_config", "config file " + path + " is gone");
        } catch (IOException e) {
            throw new CommandException("io_error", "config file " + path + " cannot be read: " + e.getMessage(), e);
        }
        String hash = Sha256.hex(bytes);
        if (hash.equals(appliedHash)) {
            return null;
        }
        JsonNode tree;
        try {
            // The loader's own parser, so a reload refuses a key written twice just as a start does.
            tree = ConfigLoader.tree(new String(bytes, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new CommandException("invalid_config", "config file: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new CommandException("invalid_config", "config file is empty");
        }
        return new Snapshot(tree, hash);
    }

    void applied(String hash) {
        appliedHash = hash;
    }

    /**
     * Writes {@code tree} over the file; returns the bytes it replaced. Only the values that changed
     * are rewritten ({@link YamlEdits}), so the operator's comments and layout stay; a file that
     * cannot be edited in place (or whose edit would not read back as {@code tree}) is written whole.
     */
    byte[] write(JsonNode tree) throws IOException {
        byte[] old = Files.readAllBytes(path);
        String header = HEADER + " at " + Instant.ofEpochMilli(clock.millis())
                + " after a remote change; the file before it is "
                + path.getFileName() + ".bak";
        String text = new String(old, StandardCharsets.UTF_8);
        String edited = YamlEdits.apply(withoutHeader(text), tree);
        String out;
        if (edited != null && readsAs(edited, tree)) {
            out = header + "\n" + edited;
        } else {
            LOG.info("config file {} written whole: its comments could not be kept", path);
            out = header + "\n" + YAML_WRITER.writeValueAsString(tree);
        }
        Files.write(path.resolveSibling(path.getFileName() + ".bak"), old);
        replace(out.getBytes(StandardCharsets.UTF_8));
        return old;
    }

    /** A file this daemon wrote starts with one header line; a new write replaces it rather than adding another. */
    private static String withoutHeader(String text) {
        return text.startsWith(HEADER) ? text.substring(text.indexOf('\n') + 1) : text;
    }

    private static boolean readsAs(String text, JsonNode tree) {
        try {
            return tree.equals(YAML_READER.readTree(text));
        } catch (IOException e) {
            return false;
        }
    }

    /** Puts back what {@link #write} replaced. */
    void restore(byte[] previous) throws IOException {
        replace(previous);
    }

    private void replace(byte[] bytes) throws IOException {
        Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
        Files.write(tmp, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE,
                StandardOpenOption.SYNC);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        appliedHash = Sha256.hex(bytes);
    }
}
