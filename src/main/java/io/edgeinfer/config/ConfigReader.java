package io.edgeinfer.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.model.ManifestException;
import io.edgeinfer.model.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a parsed YAML tree into a {@link DaemonConfig}, collecting every error (with its key path)
 * before failing. Defaults live here, in one place, and are documented in docs/configuration.md.
 */
public final class ConfigReader {
    /** MQTT topic levels must not contain wildcards or separators; keep ids boringly portable. */
    static final Pattern TOPIC_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Path baseDir;
    private final Map<String, String> env;
    private final SourceConfigReader sources;

    /**
     * @param baseDir relative paths in the config resolve against it (the config file's folder)
     * @param env the process environment, for defaults such as systemd's CACHE_DIRECTORY
     */
    public ConfigReader(Path baseDir, Map<String, String> env) {
        this(baseDir, env, Path.of("/dev"));
    }

    /** @param devRoot where device files named by the config are looked for (tests use a folder) */
    public ConfigReader(Path baseDir, Map<String, String> env, Path devRoot) {
        this.baseDir = baseDir;
        this.env = env;
        this.sources = new SourceConfigReader(baseDir, devRoot, env);
    }

    public DaemonConfig read(JsonNode root) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Section top = new Section(root, "", errors);
        String deviceId = top.requiredString("device_id");
        if (deviceId != null && !TOPIC_SAFE.matcher(deviceId).matches()) {
            top.error("device_id", "must be 1-64 characters of letters, digits, '_', '.', '-' (it is a topic level)");
        }
        Section modelSection = top.section("model");
        Path modelFile = modelPath(modelSection);
        ModelManifest manifest = manifest(modelSection, modelFile);
        ModelConfig model = model(modelSection, modelFile, manifest);
        SourceConfig source = source(top.section("source"));
        WindowConfig window = window(top.section("window"), manifest);
        checkManifestInput(modelSection, manifest, source);
        PipelineConfig pipeline = pipeline(top.section("pipeline"));
        MqttConfig mqtt = new MqttConfigReader(baseDir, env).read(top.section("mqtt"), deviceId);
        OutboxConfig outbox = outbox(top.section("outbox"));
        TelemetryConfig telemetry = telemetry(top.section("telemetry"));
        MetricsConfig metrics = metrics(top.section("metrics"));
        ControlConfig control = new ControlConfigReader(baseDir).read(top.section("control"),
                model == null ? null : model.path(), outbox);
        top.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new DaemonConfig(deviceId, model, source, window, pipeline, mqtt, outbox, telemetry, metrics, control);
    }

    private Path modelPath(Section s) {
        String path = s.requiredString("path");
        return path == null ? null : baseDir.resolve(path).normalize();
    }

    /** The manifest beside the model file (NAME.json), whose labels and input shape are defaults. */
    private static ModelManifest manifest(Section s, Path file) {
        if (file == null) {
            return null;
        }
        try {
            return ModelManifest.besides(file).orElse(null);
        } catch (ManifestException e) {
            s.error("path", e.getMessage());
            return null;
        }
    }

    private ModelConfig model(Section s, Path file, ModelManifest manifest) {
        String defaultName = file == null ? "model" : stem(file);
        String name = s.string("name", defaultName);
        String version = s.string("version", "unversioned");
        List<String> labels = s.stringList("labels", manifest == null ? null : manifest.labels());
        if (labels == null && !s.has("labels")) {
            s.error("labels", "is required: one label per model output, in output order"
                    + " (or a manifest " + (file == null ? "NAME.json" : ModelManifest.pathFor(file).getFileName())
                    + " beside the model that lists them)");
        } else if (labels != null) {
            if (labels.size() < 2) {
                s.error("labels", "needs at least 2 labels, got " + labels.size());
            }
            Set<String> seen = new HashSet<>();
            for (String l : labels) {
                if (!seen.add(l)) {
                    s.error("labels", "label '" + l + "' appears twice");
                }
            }
        }
        int threads = s.integer("threads", 1, 1, 64);
        String cache = s.string("cache_dir", null);
        Path cacheDir = cache == null ? defaultCacheDir() : baseDir.resolve(cache).normalize();
        double budget = s.number("latency_budget_ms", Double.NaN, 0.001, 3_600_000);
        s.rejectUnknown();
        return file == null ? null : new ModelConfig(file, name, version, labels == null ? List.of() : labels, threads, cacheDir,
                Double.isNaN(budget) ? null : budget);
    }

    /** A manifest that describes another kind of input than the source's windows is a config error. */
    private static void checkManifestInput(Section s, ModelManifest manifest, SourceConfig source) {
        if (manifest == null || source == null) {
            return;
        }
        List<Long> shape = manifest.inputShape();
        if (shape.size() != 3 || shape.get(0) != 1) {
            s.error("path", "the manifest's input shape " + shape + " is not a sensor window [1, channels, window.size]");
        } else if (shape.get(1) != source.channels()) {
            s.error("path", "the manifest's input shape " + shape + " takes " + shape.get(1) + " channel(s); the source gives "
                    + source.channels());
        }
    }

    private SourceConfig source(Section s) {
        String type = s.string("type", SimulatedVibrationConfig.TYPE);
        SourceConfig result;
        if (SimulatedVibrationConfig.TYPE.equals(type)) {
            result = simulatedVibration(s);
        } else if (SourceConfigReader.TYPES.contains(type)) {
            result = sources.read(type, s);
        } else {
            s.error("type", "unknown source type '" + type + "'; known: [" + SimulatedVibrationConfig.TYPE + ", "
                    + String.join(", ", SourceConfigReader.TYPES) + "]");
            result = null;
        }
        s.rejectUnknown();
        return result;
    }

    private SimulatedVibrationConfig simulatedVibration(Section s) {
        double rate = s.number("rate_hz", 400, 1, 100_000);
        long seed = s.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        boolean realtime = s.bool("realtime", true);
        List<ScenarioStep> steps = ScenarioReader.read(s, "scenario");
        return new SimulatedVibrationConfig(rate, seed, steps, realtime, sources.trigger(s));
    }

    private WindowConfig window(Section s, ModelManifest manifest) {
        List<Long> shape = manifest == null ? List.of() : manifest.inputShape();
        int defaultSize = shape.size() == 3 && shape.get(2) >= 8 && shape.get(2) <= 1 << 20 ? shape.get(2).intValue() : 256;
        int size = s.integer("size", defaultSize, 8, 1 << 20);
        // A window below 256 taken from a manifest gets half of it as hop, so the default of 128
        // never exceeds it; an explicit window.size keeps the plain default.
        boolean sizeFromManifest = !s.has("size") && defaultSize != 256;
        int hop = s.integer("hop", sizeFromManifest && size < 256 ? Math.max(1, size / 2) : 128, 1, 1 << 20);
        if (hop > size) {
            s.error("hop", "must not exceed window.size (" + size + "), got " + hop + " (samples would be skipped)");
        }
        s.rejectUnknown();
        return new WindowConfig(size, hop);
    }

    private PipelineConfig pipeline(Section s) {
        int capacity = s.integer("queue_capacity", 16, 1, 100_000);
        PipelineConfig.Overflow overflow = s.choice("overflow", PipelineConfig.Overflow.DROP_OLDEST,
                Map.of("drop-oldest", PipelineConfig.Overflow.DROP_OLDEST, "block", PipelineConfig.Overflow.BLOCK));
        s.rejectUnknown();
        return new PipelineConfig(capacity, overflow);
    }

    private OutboxConfig outbox(Section s) {
        boolean enabled = s.bool("enabled", true);
        String path = s.string("path", null);
        Path file = path == null ? defaultStateDir().resolve("outbox.db") : baseDir.resolve(path).normalize();
        long maxMessages = s.longValue("max_messages", 1_000_000, 100, 1_000_000_000);
        long maxBytes = s.longValue("max_bytes", 256L << 20, 1 << 20, 1L << 40);
        long maxAge = s.longValue("max_age_s", 7 * 86_400, 60, 10L * 365 * 86_400);
        int commit = s.integer("commit_interval_ms", 20, 1, 10_000);
        s.rejectUnknown();
        return new OutboxConfig(enabled, file, maxMessages, maxBytes, maxAge, commit);
    }

    private TelemetryConfig telemetry(Section s) {
        TelemetryConfig t = TelemetryConfigReader.read(s);
        s.rejectUnknown();
        return t;
    }

    private MetricsConfig metrics(Section s) {
        String host = s.string("host", "127.0.0.1");
        int port = s.integer("port", 0, 0, 65535);
        s.rejectUnknown();
        return new MetricsConfig(host, port);
    }

    private Path defaultStateDir() {
        String systemd = env.get("STATE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            return Path.of(systemd.split(":")[0]);
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("edgeinfer");
    }

    private Path defaultCacheDir() {
        String systemd = env.get("CACHE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            // systemd may list several directories separated by ':'; ours is the first.
            return Path.of(systemd.split(":")[0], "djl");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("edgeinfer").resolve("djl");
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
