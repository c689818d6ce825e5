package io.edgeinfer.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
    private final PipelineSpecReader pipelines;

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
        this.pipelines = new PipelineSpecReader(new SourceConfigReader(baseDir, devRoot, env),
                new ModelConfigReader(baseDir, env), new CaptureConfigReader(baseDir), new AnomalyConfigReader(
                        baseDir));
    }

    public DaemonConfig read(JsonNode root) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Section top = new Section(root, "", errors);
        String deviceId = top.requiredString("device_id");
        if (deviceId != null && !TOPIC_SAFE.matcher(deviceId).matches()) {
            top.error("device_id", "must be 1-64 characters of letters, digits, '_', '.', '-' (it is a topic level)");
        }
        boolean named = top.has("pipelines");
        List<PipelineSpec> pipelines = named ? namedPipelines(top) : singlePipeline(top);
        MqttConfig mqtt = new MqttConfigReader(baseDir, env).read(top.section("mqtt"), deviceId);
        batchNeedsJson(top, pipelines, named, mqtt);
        Section outboxSection = top.section("outbox");
        OutboxConfig outbox = outbox(outboxSection, deviceId);
        TelemetryConfig telemetry = telemetry(top.section("telemetry"));
        MetricsConfig metrics = metrics(top.section("metrics"), mqtt);
        // The first classifier's folder is the default model_dir; a daemon may have none.
        Path firstModel = pipelines.stream().filter(PipelineSpec::hasModel).map(p -> p.model().path()).findFirst()
                .orElse(null);
        ControlConfig control = new ControlConfigReader(baseDir).read(top.section("control"), firstModel,
                controlStateDir(outboxSection.has("path"), outbox, deviceId));
        HttpConfig http = new HttpConfigReader(baseDir, env).read(top.section("http"), metrics, mqtt, control);
        HomeAssistantConfig homeAssistant = homeAssistant(top, mqtt);
        FleetConfig fleet = FleetConfigReader.read(top.section("fleet"));
        top.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new DaemonConfig(deviceId, captureDirs(pipelines, control.stateDir()), named, mqtt, outbox, telemetry,
                metrics, control, http, homeAssistant, fleet);
    }

    /**
     * A capture without {@code capture.dir} keeps its items in {@code capture/<pipeline id>} in the
     * state folder. Only one that is on gets a folder: moving the state folder then changes nothing
     * for a pipeline that does not capture.
     */
    private static List<PipelineSpec> captureDirs(List<PipelineSpec> pipelines, Path stateDir) {
        return pipelines.stream().map(p -> !p.capture().enabled() || p.capture().dir() != null
                ? p
                : p.withCapture(p.capture().withDir(stateDir.resolve("capture").resolve(p.id())))).toList();
    }

    /** The single-pipeline form: {@code model}, {@code source}, ... at the top level. */
    private List<PipelineSpec> singlePipeline(Section top) {
        PipelineSpec only = pipelines.read(PipelineSpec.DEFAULT_ID, top);
        return only == null ? List.of() : List.of(only);
    }

    /** {@code pipelines:} a list of pipelines, each with its own id; the top-level pipeline keys are then refused. */
    private List<PipelineSpec> namedPipelines(Section top) {
        for (String key : PipelineSpecReader.KEYS) {
            if (top.has(key)) {
                top.section(key); // read: one error for it, not a second "unknown key"
                top.error(key, "belongs inside each item of 'pipelines' when the file lists pipelines");
            }
        }
        List<Section> items = top.sectionList("pipelines");
        List<PipelineSpec> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        if (items.isEmpty()) {
            top.error("pipelines", "must list at least one pipeline");
        }
        Set<String> ids = new HashSet<>();
        for (Section item : items) {
            String id = item.requiredString("id");
            if (id != null && !TOPIC_SAFE.matcher(id).matches()) {
                item.error("id", "must be 1-64 characters of letters, digits, '_', '.', '-' (it is a topic level)");
            } else if (id != null && !ids.add(id)) {
                item.error("id", "'" + id + "' names two pipelines");
            }
            PipelineSpec p = pipelines.read(id == null ? "?" : id, item);
            item.rejectUnknown();
            if (p != null) {
                out.add(p);
            }
        }
        sameEngine(top, out);
        return out;
    }

    /**
     * Sparkplug B carries every value with its own timestamp and has report by exception of its
     * own; a batch of JSON predictions has no place in it (the wire format is the Sparkplug
     * encoder's to define), so {@code batch} is refused there rather than silently published as
     * something else. {@code on_change} only sends fewer predictions and works in both.
     */
    private static void batchNeedsJson(Section top, List<PipelineSpec> pipelines, boolean named, MqttConfig mqtt) {
        if (!MqttConfig.SPARKPLUG.equals(mqtt.format())) {
            return;
        }
        for (int i = 0; i < pipelines.size(); i++) {
            if (pipelines.get(i).publish().mode() == PublishConfig.Mode.BATCH) {
                top.error((named ? "pipelines[" + i + "]." : "") + "publish.mode",
                        "batch does not go with mqtt.format: "
                                + "sparkplug: Sparkplug B sends each value as a metric with its own timestamp and has its own "
                                + "report by exception; use every or on_change, or mqtt.format: json");
            }
        }
    }

    /**
     * PyTorch reads its thread count and native folder once per process: pipelines that asked for
     * different ones would silently get the first's, so they must agree.
     */
    private static void sameEngine(Section top, List<PipelineSpec> list) {
        PipelineSpec first = list.stream().filter(PipelineSpec::hasModel).findFirst().orElse(null);
        for (int i = 0; i < list.size(); i++) {
            if (first == null || list.get(i) == first || !list.get(i).hasModel()) {
                continue;
            }
            ModelConfig a = first.model();
            ModelConfig b = list.get(i).model();
            if (a.threads() != b.threads()) {
                top.error("pipelines[" + i + "].model.threads", "is " + b.threads() + " but pipeline '" + first.id()
                        + "' says " + a.threads() + ": PyTorch has one thread pool per process, so every pipeline must "
                        + "give the same value");
            }
            if (!a.cacheDir().equals(b.cacheDir())) {
                top.error("pipelines[" + i + "].model.cache_dir", "differs from pipeline '" + first.id()
                        + "': the natives are unpacked once per process, so every pipeline must give the same folder");
            }
        }
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

    /** Home Assistant's entities read the JSON topics, which Sparkplug B replaces. */
    private static HomeAssistantConfig homeAssistant(Section top, MqttConfig mqtt) {
        Section s = top.section("homeassistant");
        HomeAssistantConfig ha = HomeAssistantConfigReader.read(s);
        if (ha.enabled() && MqttConfig.SPARKPLUG.equals(mqtt.format())) {
            s.error("enabled", "needs mqtt.format: json: Home Assistant's entities read the JSON predictions, status "
                    + "and telemetry topics, and Sparkplug B replaces predictions and telemetry with its NDATA");
        }
        return ha;
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
        return a.equals(b) || Set.of("0.0.0.0", "::", "[::]").contains(a) || Set.of("0.0.0.0", "::", "[::]").contains(
                b);
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
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("edgeinfer");
    }
}
