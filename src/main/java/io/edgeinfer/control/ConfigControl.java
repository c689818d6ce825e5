package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigError;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigReader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.model.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running config and the one way it changes, whether pushed ({@code cmd/config}, a JSON merge
 * patch), reloaded (SIGHUP, file edit) or implied by a model swap: build the new tree, read it with
 * the same {@link ConfigReader} as a file (every error listed), load and validate a new model if the
 * model changed, write the file (so a restart keeps it), replace the whole config record in one
 * {@link AtomicReference} swap, then restart only the components whose settings changed. A failure
 * at any step before the swap leaves everything as it was. Runs on the control thread only.
 */
public final class ConfigControl {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigControl.class);
    /** Loads and serves models for config changes ({@link ModelDeployer}). */
    interface ModelChange {
        ModelValidator.Candidate prepare(DaemonConfig next) throws CommandException;

        void serve(ModelValidator.Candidate candidate, DaemonConfig next, String requestId);
    }

    private final AtomicReference<DaemonConfig> running;
    private final ConfigFile file;
    private final Map<String, String> env;
    private final Components components;
    private final Set<String> restartRequired = new LinkedHashSet<>();
    private ModelChange models;
    private JsonNode tree;
    /** A change of the model's input shape written to the file, waiting for a process restart; or null. */
    private volatile String pendingShape;

    /**
     * @param file the config file the daemon was started from; null when there is none (then a
     *     change cannot be persisted and is refused)
     */
    public ConfigControl(DaemonConfig config, Path file, Map<String, String> env, Components components, Clock clock) {
        this.running = new AtomicReference<>(config);
        this.file = file == null ? null : new ConfigFile(file, clock);
        this.env = env;
        this.components = components;
        if (this.file != null) {
            try {
                ConfigFile.Snapshot s = this.file.readIfChanged();
                tree = s.tree();
                this.file.applied(s.hash());
            } catch (CommandException e) {
                LOG.warn("config file {} cannot be read again ({}); config changes will be refused", file, e.getMessage());
            }
        }
    }

    void models(ModelChange m) {
        this.models = m;
    }

    public DaemonConfig current() {
        return running.get();
    }

    Path file() {
        return file == null ? null : file.path();
    }

    List<String> restartRequired() {
        return List.copyOf(restartRequired);
    }

    /** Restarts the input from the running config, as a change of {@code source.*} does (the device page's action). */
    Map<String, Object> restartSource() throws CommandException {
        try {
            components.restartSource(current());
        } catch (Exception e) {
            throw new CommandException("restart_failed", "the input did not restart: " + e.getMessage(), e);
        }
        return Map.of("restarted", List.of("source"));
    }

    /** {@code cmd/config}: applies an RFC 7396 merge patch to the running config's file tree. */
    Map<String, Object> patch(JsonNode patch, String requestId) throws CommandException {
        if (!patch.isObject()) {
            throw new CommandException("bad_request", "patch must be a JSON object (RFC 7396 merge patch of the config)");
        }
        requireFile();
        requireNothingPending();
        return commit(MergePatch.apply(tree, patch), null, requestId, true);
    }

    /** SIGHUP or a file edit: reads the file again; an invalid file is refused and the running config stays. */
    Map<String, Object> reload() throws CommandException {
        requireFile();
        requireNothingPending();
        ConfigFile.Snapshot s = file.readIfChanged();
        if (s == null) {
            return Map.of("changed", List.of());
        }
        Map<String, Object> r = commit(s.tree(), null, "reload", false);
        file.applied(s.hash());
        return r;
    }

    /** A model swap changes {@code model.*}: the same path as a pushed config, with the model already validated. */
    Map<String, Object> commitModel(Map<String, Object> modelKeys, ModelValidator.Candidate candidate, String requestId)
            throws CommandException {
        requireFile();
        if (pendingShape != null) {
            close(candidate);
        }
        requireNothingPending();
        JsonNode patch = io.edgeinfer.mqtt.Json.mapper().valueToTree(Map.of("model", modelKeys));
        return commit(MergePatch.apply(tree, patch), candidate, requestId, true);
    }

    private Map<String, Object> commit(JsonNode nextTree, ModelValidator.Candidate candidate, String requestId, boolean persist)
            throws CommandException {
        DaemonConfig old = running.get();
        DaemonConfig next;
        try {
            next = new ConfigReader(file.path().getParent(), env).read(nextTree);
        } catch (ConfigException e) {
            close(candidate);
            throw new CommandException("invalid_config", e.getMessage(), e.errors(), e);
        }
        ConfigDiff diff = ConfigDiff.of(old, next);
        int[] dimsBefore = old.source().inputDims(old.window());
        int[] dimsAfter = next.source().inputDims(next.window());
        if (!Arrays.equals(dimsBefore, dimsAfter)) {
            close(candidate);
            return stageShapeChange(nextTree, next, diff, persist, Window.shapeText(dimsBefore) + " -> " + Window.shapeText(dimsAfter));
        }
        if (diff.empty() && candidate == null) {
            return Map.of("changed", List.of(), "config_sha256", configHash());
        }
        if (diff.reloadModel() && candidate == null) {
            candidate = models.prepare(next);
        }
        byte[] previous = persist ? write(nextTree, candidate) : null;
        JsonNode oldTree = tree;
        tree = nextTree;
        running.set(next);
        try {
            restartComponents(diff, next);
        } catch (CommandException e) {
            LOG.warn("config change {} reverted: {}", requestId, e.getMessage());
            tree = oldTree;
            running.set(old);
            if (previous != null) {
                restore(previous);
            }
            restartAfterRevert(diff, old);
            close(candidate);
            throw e;
        }
        if (candidate != null) {
            models.serve(candidate, next, requestId);
        }
        restartRequired.addAll(diff.restartRequired());
        if (!diff.empty()) {
            LOG.info("config {} applied: changed {}{}", requestId, diff.changed(),
                    diff.restartRequired().isEmpty() ? "" : "; takes effect after a restart: " + diff.restartRequired());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", diff.changed());
        r.put("restarted", restarted(diff));
        r.put("restart_required", diff.restartRequired());
        r.put("config_sha256", configHash());
        return r;
    }

    /**
     * A change of the model's input shape cannot be applied to a running pipeline (windows of the old
     * shape would meet a model of the new one), so it is checked now and applied by a restart: the
     * new config's model is loaded and validated against the new shape, the file is written, the
     * running config stays, and every other change is refused until the restart ({@code cmd/restart}
     * or the service manager). A restart then cannot fail on it.
     */
    private Map<String, Object> stageShapeChange(JsonNode nextTree, DaemonConfig next, ConfigDiff diff, boolean persist,
            String change) throws CommandException {
        close(models.prepare(next));
        if (persist) {
            write(nextTree, null);
        }
        tree = nextTree;
        pendingShape = change;
        restartRequired.addAll(diff.changed());
        LOG.warn("config change writes a new model input shape {}: it takes effect at the next restart; other changes "
                + "are refused until then", change);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", diff.changed());
        r.put("restarted", List.of());
        r.put("restart_required", diff.changed());
        r.put("pending_input_shape", change);
        r.put("config_sha256", configHash());
        return r;
    }

    /** The input shape change waiting for a restart, or null. */
    String pendingShape() {
        return pendingShape;
    }

    private void requireNothingPending() throws CommandException {
        String p = pendingShape;
        if (p != null) {
            throw new CommandException("restart_pending", "the input shape change " + p + " is in the config file and "
                    + "waits for a restart (cmd/restart, or the service manager); no other change until then");
        }
    }

    private void restartComponents(ConfigDiff diff, DaemonConfig next) throws CommandException {
        String part = null;
        try {
            if (diff.restartSource()) {
                part = "source";
                components.restartSource(next);
            }
            if (diff.restartTelemetry()) {
                part = "telemetry";
                components.restartTelemetry(next);
            }
            if (diff.restartMetrics()) {
                part = "metrics";
                components.restartMetrics(next);
            }
        } catch (Exception e) {
            throw new CommandException("restart_failed", part + " did not start with the new settings (" + e.getMessage()
                    + "); the previous config is back in place", e);
        }
    }

    private void restartAfterRevert(ConfigDiff diff, DaemonConfig old) {
        try {
            restartComponents(diff, old);
        } catch (CommandException e) {
            LOG.error("restoring the previous config failed too: {}", e.getMessage());
        }
    }

    private static List<String> restarted(ConfigDiff d) {
        List<String> r = new ArrayList<>();
        if (d.reloadModel()) {
            r.add("model");
        }
        if (d.restartSource()) {
            r.add("source");
        }
        if (d.restartTelemetry()) {
            r.add("telemetry");
        }
        if (d.restartMetrics()) {
            r.add("metrics");
        }
        return r;
    }

    /** SHA-256 of the effective config as {@code check-config} prints it: equal configs, equal hashes. */
    String configHash() {
        return sha256(io.edgeinfer.config.ConfigLoader.render(running.get()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes the new tree over the config file; returns the bytes it replaced. */
    private byte[] write(JsonNode nextTree, ModelValidator.Candidate candidate) throws CommandException {
        try {
            return file.write(nextTree);
        } catch (IOException e) {
            close(candidate);
            throw new CommandException("io_error", "config file " + file.path() + " cannot be written (" + e.getMessage()
                    + "): nothing was changed", e);
        }
    }

    private void restore(byte[] previous) {
        try {
            file.restore(previous);
        } catch (IOException e) {
            LOG.error("config file {} could not be restored: {}", file.path(), e.getMessage());
        }
    }

    private void requireFile() throws CommandException {
        if (file == null || tree == null) {
            throw new CommandException("no_config_file", "this daemon was not started from a readable config file, "
                    + "so a change could not survive a restart: refused");
        }
    }

    private static void close(ModelValidator.Candidate c) {
        if (c != null) {
            c.runner().close();
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(LimitedCopy.sha256().digest(bytes));
    }

    static List<Map<String, String>> errors(List<ConfigError> errors) {
        return errors.stream().map(e -> Map.of("path", e.path(), "message", e.message())).toList();
    }
}
