package io.edgeinfer.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.ControlService;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.outbox.OutboxStats;
import io.edgeinfer.platform.StartupReport;
import io.edgeinfer.web.DeviceView;
import io.edgeinfer.web.PipelineRecorder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The device page's view of this daemon: thin reads of the running parts, and actions through the
 * control service, exactly as the MQTT commands. Every pipeline of the daemon, in config order.
 */
final class DaemonView implements DeviceView {
    private final Device identity;
    private final Supplier<DaemonConfig> config;
    private final List<RunningPipeline> pipelines;
    private final Map<String, PipelineRecorder> recorders;
    private final String brokerUrl;
    private final Publisher link;
    private final Supplier<OutboxStats> outbox;
    private final ControlView control;
    private final TelemetryTap telemetry;
    private final Startup startup;

    /** The parts of the daemon the page reads. */
    record Parts(List<RunningPipeline> pipelines, String brokerUrl, Publisher link, Supplier<OutboxStats> outbox,
            ControlService control, TelemetryTap telemetry) {
    }

    /** @param recorders each pipeline's recorder, by pipeline id */
    DaemonView(String bootId, long startedMs, Supplier<DaemonConfig> config, Parts parts,
            Map<String, PipelineRecorder> recorders, StartupReport startup, Clock clock) {
        DaemonConfig c = config.get();
        this.identity = new Device(c.deviceId(), io.edgeinfer.app.Version.get(), bootId, startedMs, !c.control() // clash: DeviceView.Version
                .trustedKeys().isEmpty());
        this.config = config;
        this.pipelines = List.copyOf(parts.pipelines());
        this.recorders = Map.copyOf(recorders);
        this.brokerUrl = parts.brokerUrl();
        this.link = parts.link();
        this.outbox = parts.outbox();
        this.control = new ControlView(parts.control(), clock);
        this.telemetry = parts.telemetry();
        this.startup = startup(startup, c);
    }

    @Override
    public Device device() {
        JsonNode signed = control.status().path("control").path("signed_commands");
        boolean now = signed.isBoolean() ? signed.asBoolean() : identity.signedCommands();
        return new Device(identity.deviceId(), identity.version(), identity.bootId(), identity.startedMs(), now);
    }

    @Override
    public List<Pipeline> pipelines() {
        DaemonConfig c = config.get();
        JsonNode status = control.status();
        List<Pipeline> out = new ArrayList<>();
        for (RunningPipeline pipeline : pipelines) {
            PipelineSpec spec = c.pipeline(pipeline.id()).orElse(c.first());
            io.edgeinfer.sensor.Health.State h = pipeline.health().state(); // clash: DeviceView.Health
            Map<String, Object> source = Json.mapper().convertValue(pipeline.sourceStats().snapshot(pipeline.health()),
                    Json.mapper().getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            Counters counters = new Counters(pipeline.stats().windowsTotal(), pipeline.stats().inferencesTotal(),
                    pipeline.stats().errorsTotal(), pipeline.stats().droppedTotal(), source);
            out.add(new Pipeline(pipeline.id(), InputFacts.of(spec.source(), spec.window()),
                    new Health(h.degraded(), h.reason()), counters, model(pipeline, controlStatus(status, pipeline
                            .id())),
                    recorders.get(pipeline.id())));
        }
        return out;
    }

    /**
     * The control status of one pipeline: its entry of {@code pipelines} where control reports per
     * pipeline, else the top level (MQTT API v1: the first pipeline's).
     */
    private static JsonNode controlStatus(JsonNode status, String id) {
        for (JsonNode p : status.path("pipelines")) {
            if (id.equals(p.path("id").asText())) {
                return p;
            }
        }
        return status;
    }

    /** Null for a pipeline without a classifier: the page says "no classifier". */
    private Model model(RunningPipeline pipeline, JsonNode s) {
        if (pipeline.classifier().isEmpty()) {
            return null;
        }
        ModelInfo m = pipeline.classifier().get().info();
        List<Version> versions = new ArrayList<>();
        for (JsonNode v : s.path("versions")) {
            versions.add(new Version(v.path("name").asText(), v.path("version").asText(), v.path("sha256").asText(),
                    v.path("on_disk").asBoolean(), v.path("serving").asBoolean(), v.path("deployed_ms").asLong()));
        }
        // A pipeline's entry has its watch and last rollback beside its health; the top level inside it.
        JsonNode r = s.has("last_rollback") ? s.path("last_rollback") : s.path("health").path("last_rollback");
        boolean watching = s.has("watching")
                ? s.path("watching").asBoolean()
                : s.path("health").path("watching").asBoolean();
        Rollback rollback = r.isObject()
                ? new Rollback(r.path("ts_ms").asLong(), ref(r.path("previous")), ref(r.path("model")),
                        r.path("automatic").asBoolean(), r.path("reason").isTextual()
                                ? r.path("reason").asText()
                                : null)
                : null;
        return new Model(m.name(), m.version(), m.sha256(), m.sizeBytes(), m.labels(), versions, rollback, watching);
    }

    private static String ref(JsonNode m) {
        return m.path("name").asText() + " " + m.path("version").asText();
    }

    @Override
    public Link link() {
        OutboxStats o = outbox.get();
        return new Link(brokerUrl, link.isConnected(), o.depth(), o.bytes(), o.droppedTotal());
    }

    @Override
    public byte[] lastTelemetry() {
        return telemetry.last();
    }

    @Override
    public Startup startup() {
        return startup;
    }

    @Override
    public CompletableFuture<ActionResult> act(String pipelineId, Action action) {
        if (pipelines.stream().noneMatch(p -> p.id().equals(pipelineId))) {
            return CompletableFuture.completedFuture(new ActionResult(false, "unknown_pipeline", "no pipeline "
                    + pipelineId, Map.of()));
        }
        String command = action == Action.ROLLBACK ? "rollback" : "restart_source";
        String requestId = "page-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> fields = config.get().named() ? Map.of("pipeline", pipelineId) : Map.of();
        return control.local(command, requestId, fields).thenApply(r -> new ActionResult(r.ok(), r.code(), r.error(),
                Json.mapper().convertValue(r, Json.mapper().getTypeFactory().constructMapType(Map.class, String.class,
                        Object.class))));
    }

    /** The checks' report in lines an operator reads: what was checked, and what failed. */
    private static Startup startup(StartupReport r, DaemonConfig c) {
        if (!r.ran()) {
            return new Startup(false, null, List.of(), List.of());
        }
        List<String> checked = new ArrayList<>();
        checked.add("PyTorch natives fit this machine: architecture, CPU features, C library");
        checked.add("native cache " + c.nativeCacheDir(System.getenv()) + " can be written and has room");
        for (Path node : r.deviceNodes()) {
            checked.add("device node " + node + " exists and this user may open it");
        }
        return new Startup(true, r.summary(), checked, r.failures().stream().map(f -> f.message()).toList());
    }
}
