package io.edgeinfer.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.sensor.MachineState;
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
    private static final Pattern TOPIC_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern BROKER_URL = Pattern.compile("(tcp|ssl)://[^\\s/:]+(:\\d{1,5})?");

    private final Path baseDir;
    private final Map<String, String> env;

    /**
     * @param baseDir relative paths in the config resolve against it (the config file's folder)
     * @param env the process environment, for defaults such as systemd's CACHE_DIRECTORY
     */
    public ConfigReader(Path baseDir, Map<String, String> env) {
        this.baseDir = baseDir;
        this.env = env;
    }

    public DaemonConfig read(JsonNode root) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Section top = new Section(root, "", errors);
        String deviceId = top.requiredString("device_id");
        if (deviceId != null && !TOPIC_SAFE.matcher(deviceId).matches()) {
            top.error("device_id", "must be 1-64 characters of letters, digits, '_', '.', '-' (it is a topic level)");
        }
        ModelConfig model = model(top.section("model"));
        SourceConfig source = source(top.section("source"));
        WindowConfig window = window(top.section("window"));
        PipelineConfig pipeline = pipeline(top.section("pipeline"));
        MqttConfig mqtt = mqtt(top.section("mqtt"), deviceId);
        TelemetryConfig telemetry = telemetry(top.section("telemetry"));
        MetricsConfig metrics = metrics(top.section("metrics"));
        top.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new DaemonConfig(deviceId, model, source, window, pipeline, mqtt, telemetry, metrics);
    }

    private ModelConfig model(Section s) {
        String path = s.requiredString("path");
        Path file = path == null ? null : baseDir.resolve(path).normalize();
        String defaultName = file == null ? "model" : stem(file);
        String name = s.string("name", defaultName);
        String version = s.string("version", "unversioned");
        List<String> labels = s.stringList("labels", null);
        if (labels == null && !s.has("labels")) {
            s.error("labels", "is required: one label per model output, in output order");
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
        s.rejectUnknown();
        return file == null ? null : new ModelConfig(file, name, version, labels == null ? List.of() : labels, threads, cacheDir);
    }

    private SourceConfig source(Section s) {
        String type = s.string("type", SimulatedVibrationConfig.TYPE);
        SourceConfig result;
        if (SimulatedVibrationConfig.TYPE.equals(type)) {
            result = simulatedVibration(s);
        } else {
            s.error("type", "unknown source type '" + type + "'; known: [" + SimulatedVibrationConfig.TYPE + "]");
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
        return new SimulatedVibrationConfig(rate, seed, steps, realtime);
    }

    private WindowConfig window(Section s) {
        int size = s.integer("size", 256, 8, 1 << 20);
        int hop = s.integer("hop", 128, 1, 1 << 20);
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

    private MqttConfig mqtt(Section s, String deviceId) {
        String broker = s.string("broker", MqttConfig.EMBEDDED);
        if (!MqttConfig.EMBEDDED.equals(broker) && !BROKER_URL.matcher(broker).matches()) {
            s.error("broker", "must be 'embedded' or a tcp://host:port or ssl://host:port URL, got '" + broker + "'");
        }
        Section e = s.section("embedded");
        String host = e.string("host", "127.0.0.1");
        int port = e.integer("port", 1883, 0, 65535);
        e.rejectUnknown();
        String prefix = s.string("topic_prefix", "edgeinfer");
        if (!TOPIC_SAFE.matcher(prefix).matches()) {
            s.error("topic_prefix", "must be one topic level of letters, digits, '_', '.', '-', got '" + prefix + "'");
        }
        String clientId = s.string("client_id", "edgeinfer-" + (deviceId == null ? "device" : deviceId));
        int qos = s.integer("qos", 1, 0, 1);
        int inflight = s.integer("max_inflight", 1000, 1, 65_000);
        int keepAlive = s.integer("keepalive_s", 15, 2, 3600);
        s.rejectUnknown();
        return new MqttConfig(broker, new MqttConfig.EmbeddedBroker(host, port), prefix, clientId, qos, inflight, keepAlive);
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
