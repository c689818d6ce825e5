package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.ConfigReader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineAddress;
import io.edgeinfer.control.Reply;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running config and the one way it changes, whether pushed ({@code cmd/config}, a JSON merge
 * patch of the file or of one pipeline's mapping in it), reloaded (SIGHUP, file edit) or implied by a
 * model swap in one pipeline: build the new tree, read it with the same {@link ConfigReader} as a
 * file (every error listed), load and validate the new model of each pipeline whose model changed,
 * write the file (so a restart keeps it), replace the whole config record at once
 * ({@link RunningConfig}), then restart only the components whose settings changed (the input of a
 * pipeline whose source changed, never the others'). A failure at any step before the swap leaves
 * everything as it was. Runs on the control thread only.
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
    /** A change written to the file that waits for a process restart (a new input shape); or null. */
    private volatile String pendingShape;

    /**
     * @param running the config running now, which this replaces on every change
     * @param file the config file the daemon was started from; null when there is none (then a
     *     change cannot be persisted and is refused)
     * @param models loads and validates the model a changed config names for a pipeline
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

    /** The ids of the running pipelines, in config order. */
    public List<String> pipelineIds() {
        return running.get().pipelines().stream().map(PipelineSpec::id).toList();
    }

    /** The config file, or null. */
    public Path file() {
        return file == null ? null : file.path();
    }

    /** Keys changed since start that take effect only after a process restart. */
    public List<String> restartRequired() {
        return List.copyOf(restartRequired);
    }

    /** The change waiting for a restart (a new input shape), or null. */
    public String pendingShape() {
        return pendingShape;
    }

    /** The running config's hash: SHA-256 of the effective config as {@code check-config} prints it; equal configs, equal hashes. */
    public String configHash() {
        return Sha256.hex(ConfigLoader.render(running.get()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code cmd/config}: a patch of the file, or with {@code pipeline} of that pipeline's mapping. */
    public Reply command(CommandBody b, String requestId) throws CommandException {
        JsonNode patch = b.get("patch");
        String pipeline = PipelineAddress.named(b, pipelineIds());
        b.rejectUnknown();
        if (patch == null) {
            throw CommandBody.bad("patch", "is required: an RFC 7396 merge patch of the config");
        }
        return patch(patch, pipeline, requestId);
    }

    /** A patch of the whole file. */
    ConfigReply patch(JsonNode patch, String requestId) throws CommandException {
        return patch(patch, null, requestId);
    }

    /**
     * Applies an RFC 7396 merge patch to the running config's file tree, or with {@code pipeline} to
     * that pipeline's mapping in it ({@link PipelineTree}); what a remote push may not change
     * ({@link RemoteKeys}) is refused before anything else.
     */
    ConfigReply patch(JsonNode patch, String pipeline, String requestId) throws CommandException {
        if (!patch.isObject()) {
            throw new CommandException("bad_request",
                    "patch must be a JSON object (RFC 7396 merge patch of the config)");
        }
        requireFile();
        requireNothingPending();
        DaemonConfig now = running.get();
        JsonNode nextTree = pipeline == null
                ? PipelineTree.patchFile(tree, now, patch)
                : PipelineTree.patchPipeline(tree, now.named(), pipeline, patch);
        DaemonConfig next = read(nextTree, PreparedModels.none());
        RemoteKeys.check(now, next, now.nativeCacheDir(env));
        return commit(nextTree, next, PreparedModels.none(), requestId, true, answeredFor(pipeline));
    }

    /** SIGHUP or a file edit: reads the file again; an invalid file is refused and the running config stays. */
    public ConfigReply reload() throws CommandException {
        requireFile();
        requireNothingPending();
        ConfigFile.Snapshot s = file.readIfChanged();
        if (s == null) {
            return ConfigReply.unchanged(answeredFor(null), configHash());
        }
        ConfigReply r = commit(s.tree(), read(s.tree(), PreparedModels.none()), PreparedModels.none(), "reload", false,
                answeredFor(null));
        file.applied(s.hash());
        return r;
    }

    /**
     * A model swap in {@code pipeline} changes its {@code model.*}: the same path as a pushed config,
     * with the model already validated.
     */
    public ConfigReply commitModel(String pipeline, Map<String, Object> modelKeys, PreparedModel model,
            String requestId)
            throws CommandException {
        PreparedModels prepared = PreparedModels.of(pipeline, model);
        JsonNode nextTree;
        try {
            requireFile();
            requireNothingPending();
            nextTree = PipelineTree.patchPipeline(tree, running.get().named(), pipeline,
                    Json.mapper().valueToTree(Map.of("model", modelKeys)));
        } catch (CommandException e) {
            prepared.close();
            throw e;
        }
        return commit(nextTree, read(nextTree, prepared), prepared, requestId, true, pipeline);
    }

    /** The pipeline an answer names: the one addressed, else the only one; null for a device-wide change of several. */
    private String answeredFor(String pipeline) {
        List<String> ids = pipelineIds();
        return pipeline != null ? pipeline : ids.size() == 1 ? ids.get(0) : null;
    }

    /** Applies {@code next}, read from {@code nextTree}: written (when {@code persist}), swapped in, components restarted. */
    private ConfigReply commit(JsonNode nextTree, DaemonConfig next, PreparedModels prepared, String requestId,
            boolean persist, String pipeline) throws CommandException {
        DaemonConfig old = running.get();
        ConfigDiff diff = ConfigDiff.of(old, next);
        if (diff.staged() != null) {
            prepared.close();
            return stage(nextTree, next, diff, persist, pipeline);
        }
        if (diff.empty() && prepared.isEmpty()) {
            return ConfigReply.unchanged(pipeline, configHash());
        }
        prepare(diff, next, prepared);
        byte[] previous = persist ? write(nextTree, prepared) : null;
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
            prepared.close();
            throw e;
        }
        prepared.serve(next, requestId);
        restartRequired.addAll(diff.restartRequired());
        if (!diff.empty()) {
            LOG.info("config {} applied: changed {}{}", requestId, diff.changed(),
                    diff.restartRequired().isEmpty()
                            ? ""
                            : "; takes effect after a restart: " + diff.restartRequired());
        }
        return new ConfigReply(pipeline, diff.changed(), diff.restarted(), diff.restartRequired(), configHash(), null);
    }

    /** Loads and validates the new model of every pipeline whose model changed and that does not bring one already. */
    private void prepare(ConfigDiff diff, DaemonConfig next, PreparedModels prepared) throws CommandException {
        try {
            for (ConfigDiff.Pipeline p : diff.pipelines()) {
                if (p.reloadModel() && !prepared.has(p.id())) {
                    prepared.add(p.id(), models.prepare(next, next.pipeline(p.id()).orElseThrow()));
                }
            }
        } catch (CommandException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    private DaemonConfig read(JsonNode nextTree, PreparedModels prepared) throws CommandException {
        try {
            return new ConfigReader(file.path().getParent(), env).read(nextTree);
        } catch (ConfigException e) {
            prepared.close();
            throw new CommandException("invalid_config", e.getMessage(), e.errors(), e);
        }
    }

    /**
     * A change of a model's input shape cannot be applied to a running pipeline (windows of the old
     * shape would meet a model of the new one), nor can other pipelines be started or stopped, so
     * such a change is checked now and applied by a restart: the new model of each pipeline whose
     * shape or model changed is loaded and validated against its new shape, the file is written, the
     * running config stays, and every other change is refused until the restart ({@code cmd/restart}
     * or the service manager). A restart then cannot fail on it. (New pipelines of a changed list come
     * only from the file on the device, and are checked when the daemon starts.)
     */
    private ConfigReply stage(JsonNode nextTree, DaemonConfig next, ConfigDiff diff, boolean persist, String pipeline)
            throws CommandException {
        for (ConfigDiff.Pipeline p : diff.pipelines()) {
            if (p.shape() != null || p.reloadModel()) {
                models.prepare(next, next.pipeline(p.id()).orElseThrow()).close();
            }
        }
        if (persist) {
            write(nextTree, PreparedModels.none());
        }
        tree = nextTree;
        pendingShape = diff.staged();
        restartRequired.addAll(diff.changed());
        LOG.warn("config change writes {}: it takes effect at the next restart; other changes are refused until then",
                diff.staged());
        return new ConfigReply(pipeline, diff.changed(), List.of(), diff.changed(), configHash(), diff.staged());
    }

    private void requireNothingPending() throws CommandException {
        String p = pendingShape;
        if (p != null) {
            throw new CommandException("restart_pending", "the change " + p + " is in the config file and waits for a "
                    + "restart (cmd/restart, or the service manager); no other change until then");
        }
    }

    /** Writes the new tree over the config file; returns the bytes it replaced. */
    private byte[] write(JsonNode nextTree, PreparedModels prepared) throws CommandException {
        try {
            return file.write(nextTree);
        } catch (IOException e) {
            prepared.close();
            throw new CommandException("io_error", "config file " + file.path() + " cannot be written (" + e
                    .getMessage()
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
}
