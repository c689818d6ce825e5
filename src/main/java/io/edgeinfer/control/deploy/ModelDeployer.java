package io.edgeinfer.control.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.PipelineHandle;
import io.edgeinfer.control.Reply;
import io.edgeinfer.control.reconfig.ConfigControl;
import io.edgeinfer.control.reconfig.ConfigReply;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.model.ManifestException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.ModelManifest;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.pipeline.InferenceLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swap procedure of one pipeline (docs/mqtt-api.md, {@code model}): check the file signature,
 * fetch into the model directory within the size limit, verify the sha256, install, validate off the
 * inference thread, commit it as a config change of this pipeline's model keys, which swaps it in
 * ({@link ModelSwap}). Also rollback to this pipeline's previous version, by hand or when its watch
 * sees a regression. Any failure before the swap leaves the old model serving untouched. Runs on the
 * control thread only.
 */
public final class ModelDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDeployer.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final String id;
    private final ConfigControl configs;
    private final InferenceLoop loop;
    private final ModelSwap swap;
    private final ModelFetcher fetcher;
    private final ModelStore store;
    private final HealthWatch watch;
    private final Clock clock;
    private volatile CommandResult lastRollback;

    public ModelDeployer(PipelineHandle pipeline, ConfigControl configs, ModelSwap swap, ModelFetcher fetcher,
            ModelStore store, HealthWatch watch, Clock clock) {
        this.id = pipeline.id();
        this.configs = configs;
        this.loop = pipeline.loop();
        this.swap = swap;
        this.fetcher = fetcher;
        this.store = store;
        this.watch = watch;
        this.clock = clock;
    }

    /** The pipeline this deploys to. */
    public String pipeline() {
        return id;
    }

    /** A model checked for this pipeline but not serving: its runner (the caller closes it) and what validation measured. */
    public record Checked(ModelRunner runner, ValidationReport report, String signedBy) {
    }

    /** The fields of a model command. */
    private record Request(String name, String version, String url, String sha, String signature, JsonNode golden) {
        static Request read(CommandBody b) throws CommandException {
            Request r = new Request(b.string("name", ModelStore.SAFE, "1-64 characters of A-Z a-z 0-9 _ . -"),
                    b.string("version", ModelStore.SAFE, "1-64 characters of A-Z a-z 0-9 _ . -"),
                    b.string("url", null, "file://, https:// or chunks:TRANSFER_ID"),
                    b.string("sha256", SHA256, "the file's SHA-256, 64 hex digits").toLowerCase(),
                    b.optString("signature", null, "base64 Ed25519 signature of the file's SHA-256 digest"), b.get(
                            "golden"));
            b.rejectUnknown();
            return r;
        }
    }

    /**
     * What {@code cmd/model} does before the swap (signature, fetch, sha256, validation on this
     * pipeline's recent windows, golden samples) without installing or serving the model: a candidate
     * to run in shadow (control/fleet). The fetched copy is removed again; refusals are those of
     * {@code cmd/model}.
     */
    public Checked check(CommandBody b) throws CommandException {
        Request r = Request.read(b);
        DaemonConfig cfg = configs.current();
        String signedBy = ModelSignature.check(cfg.control(), r.sha(), r.signature());
        Fetched f = fetcher.fetch(r.url(), cfg.control());
        Candidate c = validated(f, r.sha(), r.name(), r.version(), r.golden(), cfg);
        f.delete();
        return new Checked(c.runner(), c.report(), signedBy);
    }

    /** {@code cmd/model}, addressed to this pipeline. */
    public Reply deploy(CommandBody b, String requestId) throws CommandException {
        Request r = Request.read(b);
        DaemonConfig cfg = configs.current();
        ModelInfo serving = loop.model().info();
        if (serving.sha256().equals(r.sha()) && serving.name().equals(r.name()) && serving.version().equals(r
                .version())) {
            return new Replies.Unchanged(id, true, ModelRef.of(serving));
        }
        String signedBy = ModelSignature.check(cfg.control(), r.sha(), r.signature());
        Fetched f = fetcher.fetch(r.url(), cfg.control());
        Candidate c = validated(f, r.sha(), r.name(), r.version(), r.golden(), cfg);
        Path installed = install(f, c, r.name(), r.version(), cfg.control());
        ConfigReply changed;
        try {
            changed = configs.commitModel(id, modelKeys(installed, r.name(), r.version(), c.runner().info().labels()),
                    c,
                    requestId);
        } catch (CommandException e) {
            store.forget(installed);
            throw e;
        }
        return new Replies.Swapped(changed, ModelRef.of(c.runner().info()), ModelRef.of(serving), c.report(), signedBy,
                cfg.control().rollback().watchS());
    }

    /** The download, checked against its digest and validated as it lies; removed when it fails. */
    private Candidate validated(Fetched f, String sha, String name, String version, JsonNode golden, DaemonConfig cfg)
            throws CommandException {
        try {
            if (!f.sha256().equals(sha)) {
                throw new CommandException("sha256_mismatch", "the file's sha256 is " + f.sha256()
                        + ", the command says " + sha);
            }
            PipelineSpec spec = spec(cfg);
            return swap.validate(proposal(f, name, version, golden, spec), spec, cfg.control(), false);
        } catch (CommandException e) {
            f.delete();
            throw e;
        }
    }

    /**
     * Installed under its final name only once it passed: a stop during validation leaves a temporary
     * file, which the next start removes.
     */
    private Path install(Fetched f, Candidate c, String name, String version, ControlConfig control)
            throws CommandException {
        try {
            return store.install(f, name, version, control.modelDir().resolve(ModelStore.INSTALLED));
        } catch (IOException e) {
            c.close();
            f.delete();
            throw new CommandException("io_error", "model cannot be installed: " + e.getMessage(), e);
        }
    }

    /** Labels and golden samples: from the command, else the manifest beside a {@code file://} model, else the config. */
    private static Proposal proposal(Fetched f, String name, String version, JsonNode golden, PipelineSpec spec)
            throws CommandException {
        ModelManifest manifest = manifest(f.source());
        List<String> labels = manifest != null ? manifest.labels() : spec.model().labels();
        int values = ModelValidator.values(spec);
        if (golden != null) {
            return new Proposal(f.file(), name, version, labels, GoldenSamples.parse(golden, labels, values, "golden"),
                    "the command");
        }
        if (manifest != null && !manifest.golden().isEmpty()) {
            return new Proposal(f.file(), name, version, labels,
                    GoldenSamples.fromManifest(manifest.golden(), labels, values, "manifest golden"),
                    "the manifest beside " + f.source().getFileName());
        }
        return Proposal.of(f.file(), name, version, labels);
    }

    /** {@code cmd/rollback}, addressed to this pipeline. */
    public Reply rollback(CommandBody b, String requestId) throws CommandException {
        b.rejectUnknown();
        return rollback(requestId, null);
    }

    /** By hand ({@code reason} null) or the watch's verdict. */
    private Replies.RolledBack rollback(String requestId, String reason) throws CommandException {
        ModelStore.Version prev = store.previous();
        if (prev == null) {
            throw new CommandException("no_previous_version", "there is no previous model version to roll back to");
        }
        Path file = Path.of(prev.path());
        try {
            if (!Files.isRegularFile(file) || !Sha256.hex(Files.readAllBytes(file)).equals(prev.sha256())) {
                throw new CommandException("rollback_unavailable", "previous version " + prev.name() + " " + prev
                        .version()
                        + " is no longer on disk as it was (" + file + ")");
            }
        } catch (IOException e) {
            throw new CommandException("rollback_unavailable", "previous version file " + file + " cannot be read: " + e
                    .getMessage(), e);
        }
        ModelInfo from = loop.model().info();
        DaemonConfig cfg = configs.current();
        Candidate c = swap.validate(Proposal.of(file, prev.name(), prev.version(), prev.labels()), spec(cfg), cfg
                .control(),
                true);
        ConfigReply changed = configs.commitModel(id, modelKeys(file, prev.name(), prev.version(), prev.labels()), c,
                requestId);
        Replies.RolledBack r = new Replies.RolledBack(changed, ModelRef.of(c.runner().info()), ModelRef.of(from),
                reason != null, reason);
        lastRollback = CommandResult.ok(requestId, "rollback", clock.millis(), r);
        return r;
    }

    /** Periodic, on the control thread: the watch's verdict, and the automatic rollback it may call for. */
    public CommandResult checkWatch() {
        HealthWatch.Verdict v = watch.check();
        if (v == null) {
            return null;
        }
        if (!v.regressed()) {
            LOG.info("pipeline {}: model {} passed its watch ({} windows)", id, v.sha256(), v.windows());
            return null;
        }
        LOG.warn("pipeline {}: model {} regressed after the swap: {}; rolling back", id, v.sha256(), v.reason());
        try {
            return CommandResult.ok(v.requestId(), "rollback", clock.millis(), rollback(v.requestId(), v.reason()));
        } catch (CommandException e) {
            LOG.error("pipeline {}: automatic rollback failed: {}", id, e.getMessage());
            CommandException told = new CommandException(e.code(), "automatic rollback after '" + v.reason()
                    + "' failed: "
                    + e.getMessage(), e);
            return CommandResult.refused(v.requestId(), "rollback", clock.millis(), told,
                    new Replies.AutomaticRefused(id, true));
        }
    }

    /** The last rollback's answer, or null. */
    public CommandResult lastRollback() {
        return lastRollback;
    }

    public List<ModelStore.Version> versions() {
        return store.history();
    }

    public boolean watching() {
        return watch.watching();
    }

    private PipelineSpec spec(DaemonConfig cfg) {
        return cfg.pipeline(id).orElseThrow(() -> new IllegalStateException("no pipeline " + id + " in the config"));
    }

    private Map<String, Object> modelKeys(Path file, String name, String version, List<String> labels) {
        Path base = configs.file().getParent();
        Path abs = file.toAbsolutePath().normalize();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString());
        m.put("name", name);
        m.put("version", version);
        m.put("labels", labels);
        return m;
    }

    /**
     * The compression pipeline's manifest beside a {@code file://} model (labels, golden samples), or
     * null when there is none; inline and https models carry their golden samples in the command.
     */
    private static ModelManifest manifest(Path source) throws CommandException {
        if (source == null) {
            return null;
        }
        try {
            return ModelManifest.besides(source).orElse(null);
        } catch (ManifestException e) {
            throw new CommandException("bad_manifest", e.getMessage(), e);
        }
    }
}
