package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.ConfigReader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.Reply;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running config and the one way it changes, whether pushed ({@code cmd/config}, a JSON merge
 * patch), reloaded (SIGHUP, file edit) or implied by a model swap: build the new tree, read it with
 * the same {@link ConfigReader} as a file (every error listed), load and validate a new model if the
 * model changed, write the file (so a restart keeps it), replace the whole config record at once
 * ({@link RunningConfig}), then restart only the components whose settings changed. A failure
 * at any step before the swap leaves everything as it was. Runs on the control thread only.
 */
public final class ConfigControl {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigControl.class);

    private final RunningConfig running;
    private final ConfigFile file;
    private final Map<String, String> env;
    private final ComponentRestarts restarts;
    private final ModelChange models;
    private final Set<String> restartRequired = new LinkedHashSet<>();
    private JsonNode tree;
    /** A change of the model's input shape written to the file, waiting for a process restart; or null. */
    private volatile String pendingShape;

    /**
     * @param running the config running now, which this replaces on every change
     * @param file the config file the daemon was started from; null when there is none (then a
     *     change cannot be persisted and is refused)
     * @param models loads and validates the model a changed config names
     */
    public ConfigControl(RunningConfig running, ConfigFile file, Map<String, String> env, Components components,
            ModelChange models) {
        this.running = running;
        this.file = file;
        this.env = env;
        this.restarts = new ComponentRestarts(components);
        this.models = models;
        this.tree = file == null ? null : file.initialTree();
    }

    public DaemonConfig current() {
        return running.get();
    }

    /** The config file, or null. */
    public Path file() {
        return file == null ? null : file.path();
    }

    /** Keys changed since start that take effect only after a process restart. */
    public List<String> restartRequired() {
        return List.copyOf(restartRequired);
    }

    /** The input shape change waiting for a restart, or null. */
    public String pendingShape() {
        return pendingShape;
    }

    /** The running config's hash: SHA-256 of the effective config as {@code check-config} prints it; equal configs, equal hashes. */
    public String configHash() {
        return Sha256.hex(ConfigLoader.render(running.get()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code cmd/config}. */
    public Reply command(CommandBody b, String requestId) throws CommandException {
        JsonNode patch = b.get("patch");
        b.rejectUnknown();
        if (patch == null) {
            throw CommandBody.bad("patch", "is required: an RFC 7396 merge patch of the config");
        }
        return patch(patch, requestId);
    }

    /**
     * Applies an RFC 7396 merge patch to the running config's file tree; what a remote push may not
     * change ({@link RemoteKeys}) is refused before anything else.
     */
    ConfigReply patch(JsonNode patch, String requestId) throws CommandException {
        if (!patch.isObject()) {
            throw new CommandException("bad_request", "patch must be a JSON object (RFC 7396 merge patch of the config)");
        }
        requireFile();
        requireNothingPending();
        JsonNode nextTree = MergePatch.apply(tree, patch);
        DaemonConfig next = read(nextTree, null);
        RemoteKeys.check(running.get(), next);
        return commit(nextTree, next, null, requestId, true);
    }

    /** SIGHUP or a file edit: reads the file again; an invalid file is refused and the running config stays. */
    public ConfigReply reload() throws CommandException {
        requireFile();
        requireNothingPending();
        ConfigFile.Snapshot s = file.readIfChanged();
        if (s == null) {
            return ConfigReply.unchanged(configHash());
        }
        ConfigReply r = commit(s.tree(), read(s.tree(), null), null, "reload", false);
        file.applied(s.hash());
        return r;
    }

    /** A model swap changes {@code model.*}: the same path as a pushed config, with the model already validated. */
    public ConfigReply commitModel(Map<String, Object> modelKeys, PreparedModel model, String requestId)
            throws CommandException {
        try {
            requireFile();
            requireNothingPending();
        } catch (CommandException e) {
            model.close();
            throw e;
        }
        JsonNode nextTree = MergePatch.apply(tree, Json.mapper().valueToTree(Map.of("model", modelKeys)));
        return commit(nextTree, read(nextTree, model), model, requestId, true);
    }

    /** Applies {@code next}, read from {@code nextTree}: written (when {@code persist}), swapped in, components restarted. */
    private ConfigReply commit(JsonNode nextTree, DaemonConfig next, PreparedModel model, String requestId, boolean persist)
            throws CommandException {
        DaemonConfig old = running.get();
        ConfigDiff diff = ConfigDiff.of(old, next);
        int[] dimsBefore = old.source().inputDims(old.window());
        int[] dimsAfter = next.source().inputDims(next.window());
        if (!Arrays.equals(dimsBefore, dimsAfter)) {
            close(model);
            return stageShapeChange(nextTree, next, diff, persist, Window.shapeText(dimsBefore) + " -> " + Window.shapeText(dimsAfter));
        }
        if (diff.empty() && model == null) {
            return ConfigReply.unchanged(configHash());
        }
        if (diff.reloadModel() && model == null) {
            model = models.prepare(next);
        }
        byte[] previous = persist ? write(nextTree, model) : null;
        JsonNode oldTree = tree;
        tree = nextTree;
        running.set(next);
        try {
            restarts.restart(diff, next);
        } catch (CommandException e) {
            LOG.warn("config change {} reverted: {}", requestId, e.getMessage());
            tree = oldTree;
            running.set(old);
            if (previous != null) {
                restore(previous);
            }
            restarts.revert(diff, old);
            close(model);
            throw e;
        }
        if (model != null) {
            model.serve(next, requestId);
        }
        restartRequired.addAll(diff.restartRequired());
        if (!diff.empty()) {
            LOG.info("config {} applied: changed {}{}", requestId, diff.changed(),
                    diff.restartRequired().isEmpty() ? "" : "; takes effect after a restart: " + diff.restartRequired());
        }
        return new ConfigReply(diff.changed(), ComponentRestarts.restarted(diff), diff.restartRequired(), configHash(), null);
    }

    private DaemonConfig read(JsonNode nextTree, PreparedModel model) throws CommandException {
        try {
            return new ConfigReader(file.path().getParent(), env).read(nextTree);
        } catch (ConfigException e) {
            close(model);
            throw new CommandException("invalid_config", e.getMessage(), e.errors(), e);
        }
    }

    /**
     * A change of the model's input shape cannot be applied to a running pipeline (windows of the old
     * shape would meet a model of the new one), so it is checked now and applied by a restart: the
     * new config's model is loaded and validated against the new shape, the file is written, the
     * running config stays, and every other change is refused until the restart ({@code cmd/restart}
     * or the service manager). A restart then cannot fail on it.
     */
    private ConfigReply stageShapeChange(JsonNode nextTree, DaemonConfig next, ConfigDiff diff, boolean persist,
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
        return new ConfigReply(diff.changed(), List.of(), diff.changed(), configHash(), change);
    }

    private void requireNothingPending() throws CommandException {
        String p = pendingShape;
        if (p != null) {
            throw new CommandException("restart_pending", "the input shape change " + p + " is in the config file and "
                    + "waits for a restart (cmd/restart, or the service manager); no other change until then");
        }
    }

    /** Writes the new tree over the config file; returns the bytes it replaced. */
    private byte[] write(JsonNode nextTree, PreparedModel model) throws CommandException {
        try {
            return file.write(nextTree);
        } catch (IOException e) {
            close(model);
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

    private static void close(PreparedModel m) {
        if (m != null) {
            m.close();
        }
    }
}
