package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.DaemonConfig;
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
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swap procedure (docs/mqtt-api.md, {@code model}): check the file signature, fetch into the
 * model directory within the size limit, verify the sha256, install, validate off the inference
 * thread, swap between two windows, close the old runner, keep the history, watch. Also rollback,
 * by hand or when the watch sees a regression. Any failure before the swap leaves the old model
 * serving untouched. Runs on the control thread only.
 */
final class ModelDeployer implements ConfigControl.ModelChange {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDeployer.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final ConfigControl configs;
    private final InferenceLoop loop;
    private final ModelValidator validator;
    private final ModelFetcher fetcher;
    private final ModelStore store;
    private final HealthWatch watch;
    private final Runnable statusChanged;
    private final Clock clock;
    private boolean rollingBack;
    private Map<String, Object> lastRollback;

    ModelDeployer(ConfigControl configs, InferenceLoop loop, ModelValidator validator, ModelFetcher fetcher, ModelStore store,
            HealthWatch watch, Runnable statusChanged, Clock clock) {
        this.configs = configs;
        this.loop = loop;
        this.validator = validator;
        this.fetcher = fetcher;
        this.store = store;
        this.watch = watch;
        this.statusChanged = statusChanged;
        this.clock = clock;
        configs.models(this);
    }

    /** {@code cmd/model}. */
    Map<String, Object> deploy(CommandBody b, String requestId) throws CommandException {
        String name = b.string("name", ModelStore.SAFE, "1-64 characters of A-Z a-z 0-9 _ . -");
        String version = b.string("version", ModelStore.SAFE, "1-64 characters of A-Z a-z 0-9 _ . -");
        String url = b.string("url", null, "file://, https:// or chunks:TRANSFER_ID");
        String sha = b.string("sha256", SHA256, "the file's SHA-256, 64 hex digits").toLowerCase();
        String signature = b.optString("signature", null, "base64 Ed25519 signature of the file's SHA-256 digest");
        JsonNode goldenNode = b.get("golden");
        b.rejectUnknown();
        DaemonConfig cfg = configs.current();
        ModelInfo serving = loop.model().info();
        if (serving.sha256().equals(sha) && serving.name().equals(name) && serving.version().equals(version)) {
            return Map.of("unchanged", true, "model", ModelRef.of(serving));
        }
        String signedBy = checkSignature(cfg.control(), sha, signature);
        Fetched f = fetcher.fetch(url, cfg.control());
        Path installed;
        List<String> labels;
        List<GoldenSamples.Sample> golden;
        String goldenFrom = "the command";
        try {
            if (!f.sha256().equals(sha)) {
                throw new CommandException("sha256_mismatch", "the file's sha256 is " + f.sha256() + ", the command says " + sha);
            }
            ModelManifest manifest = manifest(f.source());
            labels = manifest != null ? manifest.labels() : cfg.model().labels();
            int values = ModelValidator.values(cfg);
            if (goldenNode != null) {
                golden = GoldenSamples.parse(goldenNode, labels, values, "golden");
            } else if (manifest != null && !manifest.golden().isEmpty()) {
                goldenFrom = "the manifest beside " + f.source().getFileName();
                golden = GoldenSamples.fromManifest(manifest.golden(), labels, values, "manifest golden");
            } else {
                golden = List.of();
            }
            installed = store.install(f, name, version, cfg.control().modelDir().resolve(ModelStore.INSTALLED));
        } catch (CommandException e) {
            f.delete();
            throw e;
        } catch (IOException e) {
            f.delete();
            throw new CommandException("io_error", "model cannot be installed: " + e.getMessage(), e);
        }
        ModelValidator.Candidate c;
        Map<String, Object> r;
        try {
            c = validator.validate(installed, name, version, labels, cfg, loop.recentWindows(), golden, goldenFrom);
            r = new LinkedHashMap<>(configs.commitModel(modelKeys(installed, name, version, labels), c, requestId));
        } catch (CommandException e) {
            store.forget(installed);
            throw e;
        }
        r.put("model", ModelRef.of(c.runner().info()));
        r.put("previous", ModelRef.of(serving));
        r.put("validation", c.report());
        r.put("signed_by", signedBy);
        r.put("watch_s", cfg.control().rollback().watchS());
        return r;
    }

    /** {@code cmd/rollback}, or the watch's verdict. */
    Map<String, Object> rollback(String requestId, String reason) throws CommandException {
        ModelStore.Version prev = store.previous();
        if (prev == null) {
            throw new CommandException("no_previous_version", "there is no previous model version to roll back to");
        }
        Path file = Path.of(prev.path());
        try {
            if (!Files.isRegularFile(file) || !Sha256.hex(file).equals(prev.sha256())) {
                throw new CommandException("rollback_unavailable", "previous version " + prev.name() + " " + prev.version()
                        + " is no longer on disk as it was (" + file + ")");
            }
        } catch (IOException e) {
            throw new CommandException("rollback_unavailable", "previous version file " + file + " cannot be read: " + e.getMessage(), e);
        }
        DaemonConfig cfg = configs.current();
        ModelInfo from = loop.model().info();
        ModelValidator.Candidate c = validator.validate(file, prev.name(), prev.version(), prev.labels(), cfg,
                loop.recentWindows(), List.of(), null);
        rollingBack = true;
        Map<String, Object> r;
        try {
            r = new LinkedHashMap<>(configs.commitModel(modelKeys(file, prev.name(), prev.version(), prev.labels()), c, requestId));
        } finally {
            rollingBack = false;
        }
        r.put("model", ModelRef.of(c.runner().info()));
        r.put("previous", ModelRef.of(from));
        r.put("automatic", reason != null);
        if (reason != null) {
            r.put("reason", reason);
        }
        lastRollback = new LinkedHashMap<>(r);
        lastRollback.put("ts_ms", clock.millis());
        lastRollback.put("request_id", requestId);
        return r;
    }

    /** A model change in a pushed or reloaded config: load and validate it like a pushed model (no fetch). */
    @Override
    public ModelValidator.Candidate prepare(DaemonConfig next) throws CommandException {
        return validator.validate(next.model().path(), next.model().name(), next.model().version(), next.model().labels(),
                next, loop.recentWindows(), List.of(), null);
    }

    /** The swap itself: between two windows; then the old runner closes, the history is kept, the watch starts. */
    @Override
    public void serve(ModelValidator.Candidate candidate, DaemonConfig next, String requestId) {
        ModelRunner old = loop.swap(candidate.runner());
        old.close();
        ModelInfo now = candidate.runner().info();
        LOG.info("model {} {} (sha256 {}) serving, replacing {} {} ({})", now.name(), now.version(), now.sha256(),
                old.info().name(), old.info().version(), requestId);
        Path installedDir = next.control().modelDir().resolve(ModelStore.INSTALLED);
        try {
            if (rollingBack) {
                watch.stop();
                store.rolledBack(installedDir);
            } else {
                store.deployed(version(now, next.model().path()), next.control().keepVersions(), installedDir);
                watch.start(now.sha256(), requestId, next.control().rollback(), next.model().latencyBudgetMs());
            }
        } catch (IOException e) {
            LOG.warn("model history not saved: {}", e.getMessage());
        }
        statusChanged.run();
    }

    /** Records the boot model as the first version, if the history does not end with it. */
    void booted(Path path) throws IOException {
        store.booted(version(loop.model().info(), path), configs.current().control().keepVersions());
    }

    /** Periodic, on the control thread: the watch's verdict, and the automatic rollback it may call for. */
    Map<String, Object> checkWatch() {
        HealthWatch.Verdict v = watch.check();
        if (v == null) {
            return null;
        }
        if (!v.regressed()) {
            LOG.info("model {} passed its watch ({} windows)", v.sha256(), v.windows());
            return null;
        }
        LOG.warn("model {} regressed after the swap: {}; rolling back", v.sha256(), v.reason());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("request_id", v.requestId());
        try {
            r.putAll(rollback(v.requestId(), v.reason()));
            r.put("ok", true);
        } catch (CommandException e) {
            LOG.error("automatic rollback failed: {}", e.getMessage());
            r.put("ok", false);
            r.put("code", e.code());
            r.put("error", "automatic rollback after '" + v.reason() + "' failed: " + e.getMessage());
            r.put("automatic", true);
        }
        return r;
    }

    Map<String, Object> lastRollback() {
        return lastRollback;
    }

    List<ModelStore.Version> versions() {
        return store.history();
    }

    boolean watching() {
        return watch.watching();
    }

    private Map<String, Object> modelKeys(Path file, String name, String version, List<String> labels) {
        Path base = configs.file().getParent();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", file.toAbsolutePath().normalize().startsWith(base) ? base.relativize(file.toAbsolutePath().normalize()).toString()
                : file.toAbsolutePath().normalize().toString());
        m.put("name", name);
        m.put("version", version);
        m.put("labels", labels);
        return m;
    }

    private ModelStore.Version version(ModelInfo info, Path path) {
        return new ModelStore.Version(info.name(), info.version(), info.sha256(), path.toAbsolutePath().normalize().toString(),
                info.labels(), clock.millis());
    }

    /** With trusted keys, the file itself must be signed: Ed25519 over the 32 bytes of its SHA-256 digest. */
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

    private static String checkSignature(ControlConfig c, String sha, String signature) throws CommandException {
        if (c.trustedKeys().isEmpty()) {
            return null;
        }
        if (signature == null) {
            throw new CommandException("missing_signature", "signature is required: control.trusted_keys is set, so the "
                    + "model file must be signed (Ed25519 over its SHA-256 digest)");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new CommandException("bad_signature", "signature is not base64");
        }
        byte[] digest = HexFormat.of().parseHex(sha);
        for (ControlConfig.TrustedKey k : c.trustedKeys()) {
            try {
                if (Ed25519Keys.verify(Ed25519Keys.publicKey(k), digest, sig)) {
                    return k.keyId();
                }
            } catch (GeneralSecurityException e) {
                LOG.warn("trusted key {} unusable: {}", k.keyId(), e.getMessage());
            }
        }
        throw new CommandException("bad_signature", "the model signature does not verify with any key in control.trusted_keys "
                + "(signed for another file, or by another key)");
    }
}
