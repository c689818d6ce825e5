package io.edgeinfer.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.model.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a parsed YAML tree into a {@link DaemonConfig}, collecting every error (with its key path)
 * before failing. Each key's default is written once, where the key is read: here or in the section's
 * reader ({@code *ConfigReader}); records that need defaults without a file get them through
 * {@link Defaults}. docs/configuration.md, "Adding a key", has the rules.
 */
public final class ConfigReader {
    /** MQTT topic levels must not contain wildcards or separators; keep ids boringly portable. */
    static final Pattern TOPIC_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Path baseDir;
    private final Map<String, String> env;
    private final SourceConfigReader sources;
    private final ModelConfigReader models;

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
        this.models = new ModelConfigReader(baseDir, env);
    }

    public DaemonConfig read(JsonNode root) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Section top = new Section(root, "", errors);
        String deviceId = top.requiredString("device_id");
        if (deviceId != null && !TOPIC_SAFE.matcher(deviceId).matches()) {
            top.error("device_id", "must be 1-64 characters of letters, digits, '_', '.', '-' (it is a topic level)");
        }
        Section modelSection = top.section("model");
        Path modelFile = models.path(modelSection);
        ModelManifest manifest = ModelConfigReader.manifest(modelSection, modelFile);
        ModelConfig model = models.read(modelSection, modelFile, manifest);
        SourceConfig source = source(top.section("source"));
        WindowConfig window = window(top.section("window"), manifest);
        ModelConfigReader.checkManifestInput(modelSection, manifest, source);
        PipelineConfig pipeline = pipeline(top.section("pipeline"));
        MqttConfig mqtt = new MqttConfigReader(baseDir, env).read(top.section("mqtt"), deviceId);
        Section outboxSection = top.section("outbox");
        OutboxConfig outbox = outbox(outboxSection, deviceId);
        TelemetryConfig telemetry = telemetry(top.section("telemetry"));
        MetricsConfig metrics = metrics(top.section("metrics"), mqtt);
        ControlConfig control = new ControlConfigReader(baseDir).read(top.section("control"),
                model == null ? null : model.path(), controlStateDir(outboxSection.has("path"), outbox, deviceId));
        HttpConfig http = new HttpConfigReader(baseDir, env).read(top.section("http"), metrics, mqtt, control);
        top.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new DaemonConfig(deviceId, model, source, window, pipeline, mqtt, outbox, telemetry, metrics, control, http);
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
        List<Section> items = s.sectionList("scenario");
        List<ScenarioStep> steps = new ArrayList<>();
        if (items == null) {
            for (MachineState st : MachineState.values()) {
                steps.add(new ScenarioStep(st, 20));
            }
        } else if (items.isEmpty()) {
            s.error("scenario", "must list at least one step");
        } else {
            for (Section item : items) {
                MachineState st = item.choice("state", null, MachineState.BY_KEY);
                if (st == null && !item.has("state")) {
                    item.error("state", "is required");
                }
                double d = item.number("duration_s", Double.NaN, 0.1, 86_400);
                if (Double.isNaN(d) && !item.has("duration_s")) {
                    item.error("duration_s", "is required");
                }
                item.rejectUnknown();
                steps.add(new ScenarioStep(st, d));
            }
        }
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

    /**
     * The default file is the service's own under systemd (one daemon per state directory), and
     * otherwise a folder of the device's, so two configs on one machine never share a backlog.
     */
    private OutboxConfig outbox(Section s, String deviceId) {
        boolean enabled = s.bool("enabled", true);
        String path = s.string("path", null);
        Path file = path == null ? defaultOutbox(deviceId) : baseDir.resolve(path).normalize();
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

    private MetricsConfig metrics(Section s, MqttConfig mqtt) {
        String host = s.string("host", "127.0.0.1");
        int port = s.integer("port", 0, 0, 65535);
        s.rejectUnknown();
        MqttConfig.EmbeddedBroker broker = mqtt.usesEmbeddedBroker() ? mqtt.embedded() : null;
        if (port != 0 && broker != null && broker.port() == port && sameListenAddress(host, broker.host())) {
            s.error("port", "is mqtt.embedded.port too (" + port + "): the embedded broker and the metrics endpoint "
                    + "cannot listen on one port");
        }
        return new MetricsConfig(host, port);
    }

    /** Two binds that collide: the same address, or either one every address. */
    static boolean sameListenAddress(String a, String b) {
        return a.equals(b) || Set.of("0.0.0.0", "::", "[::]").contains(a) || Set.of("0.0.0.0", "::", "[::]").contains(b);
    }

    /**
     * Where remote control keeps its model history and nonces unless {@code control.state_dir} says:
     * beside an outbox the config names, else a folder of the device's own in the default state
     * directory. Never the default folder itself, which every config without an outbox path shares.
     */
    private Path controlStateDir(boolean outboxNamed, OutboxConfig outbox, String deviceId) {
        if (outboxNamed) {
            return outbox.path().getParent();
        }
        return deviceId == null ? defaultStateDir() : defaultStateDir().resolve(deviceId);
    }

    private Path defaultOutbox(String deviceId) {
        boolean systemd = env.get("STATE_DIRECTORY") != null && !env.get("STATE_DIRECTORY").isBlank();
        Path dir = systemd || deviceId == null ? defaultStateDir() : defaultStateDir().resolve(deviceId);
        return dir.resolve("outbox.db");
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
}
