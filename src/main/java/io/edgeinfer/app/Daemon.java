package io.edgeinfer.app;

import com.pi4j.context.Context;
import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.ControlService;
import io.edgeinfer.control.status.DeviceFacts;
import io.edgeinfer.hardware.Pi4jBoard;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.SharedModels;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.platform.ColdPages;
import io.edgeinfer.platform.HeapSizing;
import io.edgeinfer.platform.StartupReport;
import io.edgeinfer.telemetry.TelemetrySources;
import io.edgeinfer.web.WebServer;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with plain constructors (the delivery and pipeline
 * halves in {@link DeliveryAssembly} and {@link RunningPipeline}), starts them in dependency order
 * (nothing is published before every model has passed its check, so a bad model fails first) and
 * closes them in reverse, each failure logged without stopping the others.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long FINAL_MESSAGE_MS = 2000;
    /** A minute of steady run touches what it keeps using: the first telemetry, the model's optimised graph. */
    private static final Duration COLD_PAGES_FIRST = Duration.ofSeconds(60);
    private static final Duration COLD_PAGES_PERIOD = Duration.ofMinutes(5);

    private final DaemonConfig config;
    private final String bootId = UUID.randomUUID().toString();
    private final Topics topics;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Closer closer;
    private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
    private final CompletableFuture<String> restart = new CompletableFuture<>();
    private final SharedModels shared = new SharedModels();
    private final DeliveryAssembly.Store store;
    private final Pipelines pipelines;
    private final Captures captures;
    private final DeliveryAssembly.Link link;
    private final ControlService control;
    private final TelemetryTap telemetryTap;
    private final WebServer page;
    /** The models the daemon started with, once loaded: closed at the end with whichever serve then. */
    private volatile Collection<ModelRunner> bootModels = List.of();

    /**
     * Builds and starts everything, registering each part with {@code closer} as soon as it exists.
     * The models load on their own thread while the telemetry sources are detected and the inputs
     * fill their first windows; everything that publishes or reads the models (the broker and outbox,
     * the sender) comes after every model has passed its check. The inference threads start last,
     * so the first prediction means a fully started daemon.
     */
    private Daemon(DaemonConfig config, Clock clock, Supplier<Context> board, Path configFile, StartupReport startup,
            Closer closer, StartupTimeline timeline) throws ConfigException, IOException {
        this.config = config;
        this.closer = closer;
        this.topics = new Topics(config.mqtt().topicPrefix(), config.deviceId());
        BootModel loading = closer.add("models being loaded", BootModel.load(config, shared, timeline));
        // Closes whichever models serve at the end: a swap closes the ones it replaces.
        closer.add("models", () -> {
            bootModels.forEach(ModelRunner::close); // idempotent: also those a start that failed half-way loaded
            models().forEach(ModelRunner::close);
        });
        // Before anything is published: a power meter the host cannot serve is a config error.
        LiveTelemetry.Probe probe = LiveTelemetry.probe(() -> model() == null ? null : model().info(),
                new OutboxFigures(this::outbox), board);
        TelemetrySources sources = LiveTelemetry.detect(probe, config.telemetry(), closer);
        timeline.mark("telemetry sources detected");
        Inputs inputs = closer.add("board", new Inputs(board, clock));
        pipelines = Pipelines.prepare(config, inputs);
        // Closed here only if the start fails before its place in the stop order below (close is idempotent).
        closer.add("pipelines", pipelines);
        ColdPages coldPages = closer.add("cold pages", ColdPages.ofThisProcess(System.getenv()));
        pipelines.firstPrediction().thenRun(() -> {
            timeline.mark("first prediction");
            HeapSizing.afterStart();
            coldPages.start(COLD_PAGES_FIRST, COLD_PAGES_PERIOD);
        });
        pipelines.startInputs(config);
        timeline.mark("inputs started");
        // Nothing is published before every model has passed its check.
        BootModel.Loaded loaded = loading.await();
        bootModels = loaded.runners().values();
        Map<String, ModelRunner> models = loaded.runners();
        store = DeliveryAssembly.openStore(config, models, clock, closer);
        timeline.mark("broker and outbox open");
        ScheduledExecutorService publisher = PublishingAssembly.thread(closer);
        pipelines.serve(config, models, store.outbox(), topics, bootId, fatal::complete, publisher, clock);
        // Closed after the pipelines (registered again below): what their last windows chose is still written.
        captures = closer.add("capture", Captures.start(config, pipelines, bootId, clock));
        // Closed after the pipelines too: their last windows are still journalled.
        closer.add("anomaly stages", AnomalyStages.open(config, pipelines.all(), clock));
        pipelines.captureAnomalies(captures);
        StatusMessages status = new StatusMessages(topics, bootId, clock, pipelines.all(), () -> store.outbox().stats(),
                captures::state);
        ConnectHooks atConnect = new ConnectHooks();
        link = DeliveryAssembly.connect(config, store, pipelines.all(), status, clock, atConnect);
        Publisher sender = link.sender();
        closer.add("MQTT sender", () -> sender.close(status.offline(), FINAL_MESSAGE_MS));
        telemetryTap = new TelemetryTap(sender, topics.telemetry());
        DaemonMeters.bind(registry, pipelines, store.outbox(), sender, closer);
        captures.bindTo(registry);
        LiveTelemetry telemetry = LiveTelemetry.open(config, clock, registry, pipelines.feeds(captures), telemetryTap,
                topics.telemetry(), bootId, probe, closer);
        timeline.mark("sender built, meters and metrics endpoint started");
        sender.start();
        PublishingAssembly.homeAssistant(config, topics, pipelines, sender, publisher, atConnect.connected(), closer);
        // Health changes (a sensor away, a camera restarting, the outbox off its disk) go out as a
        // new retained status.
        Runnable statusChanged = () -> sender.publish(topics.status(), status.online().payload(), true);
        pipelines.onHealthChange(statusChanged);
        pipelines.watchAnomalies(store.outbox(), topics, config.named(), bootId, clock, statusChanged);
        store.outbox().onModeChange(statusChanged);
        captures.onStateChange(statusChanged);
        telemetry.startTelemetry(config.telemetry(), sources);
        new JvmThreadMetrics().bindTo(registry);
        timeline.mark("sender and telemetry started");
        // Stops before telemetry (its last message counts every window) and the sender (which sends what drained).
        closer.add("pipelines", pipelines);
        ControlAssembly controls = new ControlAssembly(config, configFile, System.getenv(), clock);
        controls.addQuery("capture", captures.commands(pipelines.ids())::handle);
        controls.onDeployments(new FleetAssembly(config, controls::current, sender, telemetryTap, bootId,
                clock, captures::of)::attach);
        // Closed first, so no restart runs while the rest shuts down.
        control = closer.add("remote control", controls.start(new LiveParts(pipelines.inputs(), telemetry),
                pipelines.handles(), loaded.loading(), store.outbox(), topics,
                new DeviceFacts(config.deviceId(), bootId, Version.get(), clock.millis()),
                link.sparkplug() != null ? sender::rebirth : null, new SupervisedRestart(System.getenv(), restart),
                statusChanged, sender::subscribe));
        timeline.mark("remote control started");
        WebServer web = DevicePage.start(config, controls::current, bootId, ManagementFactory.getRuntimeMXBean()
                .getStartTime(),
                new DaemonView.Parts(pipelines.all(), store.brokerUrl(), sender, () -> store.outbox().stats(), control,
                        telemetryTap),
                startup, clock);
        // Closed first: no page reads a part that is already closing.
        page = web == null ? null : closer.add("device page", web);
        timeline.mark("device page started");
        pipelines.startInference();
        Pipelines.logRunning(config, topics);
        LOG.info("edgeinfer {} running: device {}, {} pipeline(s) ({} model file(s) loaded), topics {}/#, boot {}",
                Version.get(), config.deviceId(), config.pipelines().size(), shared.loaded(), topics.base(), bootId);
    }

    /** Builds and starts a daemon on this board; {@link #start(DaemonConfig, Clock, Supplier, Path)} says what it throws. */
    public static Daemon start(DaemonConfig config, Clock clock) throws ConfigException, IOException {
        return start(config, clock, Pi4jBoard::newContext, null);
    }

    /** The same, with the board's Pi4J context from {@code board} (tests pass a simulated board's). */
    public static Daemon start(DaemonConfig config, Clock clock, Supplier<Context> board)
            throws ConfigException, IOException {
        return start(config, clock, board, null);
    }

    /**
     * Builds and starts a daemon whose config came from {@code configFile}: remote config changes and
     * model swaps are written back to it, and SIGHUP or an edit re-reads it.
     */
    public static Daemon start(DaemonConfig config, Clock clock, Path configFile) throws ConfigException, IOException {
        return start(config, clock, Pi4jBoard::newContext, configFile);
    }

    /**
     * @param configFile where the config came from, or null (remote config changes are then not persisted)
     * @throws ConfigException naming the key when the config does not fit this host (its model, a port,
     *     a power meter); what was already started is closed again
     */
    public static Daemon start(DaemonConfig config, Clock clock, Supplier<Context> board, Path configFile)
            throws ConfigException, IOException {
        return start(config, clock, board, configFile, StartupReport.notRun(), StartupTimeline.sinceJvmStart());
    }

    /**
     * As {@link #start(DaemonConfig, Clock, Path)}, with what the start-up checks found (the device
     * page shows it), marking each phase of the start on {@code timeline} (logged at debug level).
     */
    public static Daemon start(DaemonConfig config, Clock clock, Path configFile, StartupReport startup,
            StartupTimeline timeline) throws ConfigException, IOException {
        return start(config, clock, Pi4jBoard::newContext, configFile, startup, timeline);
    }

    private static Daemon start(DaemonConfig config, Clock clock, Supplier<Context> board, Path configFile,
            StartupReport startup, StartupTimeline timeline) throws ConfigException, IOException {
        Closer closer = new Closer();
        try {
            return new Daemon(config, clock, board, configFile, startup, closer, timeline);
        } catch (ConfigException | IOException | RuntimeException e) {
            closer.close();
            throw e;
        }
    }

    /** Re-reads the config file (SIGHUP): validated, applied atomically, or refused and logged. */
    public void reload(String why) {
        control.reload(why);
    }

    public String bootId() {
        return bootId;
    }

    public Topics topics() {
        return topics;
    }

    /** The broker URL in use (the embedded one's real port when it picked a free one). */
    public String brokerUrl() {
        return store.brokerUrl();
    }

    /** The device page's port, or -1 when {@code http.enabled} is false. */
    public int pagePort() {
        return page == null ? -1 : page.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The first pipeline's figures (the only pipeline of a single-pipeline config). */
    public PipelineStats stats() {
        return pipelines.first().stats();
    }

    /** The figures of pipeline {@code id}. */
    public PipelineStats stats(String id) {
        return pipelines.byId(id).orElseThrow(() -> new IllegalArgumentException("no pipeline " + id)).stats();
    }

    /** The classifier serving pipeline {@code id} now; null when it has none (anomaly detection only). */
    public ModelRunner model(String id) {
        return pipelines.byId(id).orElseThrow(() -> new IllegalArgumentException("no pipeline " + id)).classifier()
                .orElse(null);
    }

    /** Every pipeline's serving classifier, in config order. */
    private List<ModelRunner> models() {
        return pipelines == null
                ? List.of()
                : pipelines.all().stream().flatMap(p -> p.classifier().stream()).toList();
    }

    /** Pipeline {@code id}'s capture, or null when it does not capture. */
    public PipelineCapture capture(String id) {
        return captures.of(id);
    }

    /** How many model files are loaded (a file served by several pipelines counts once). */
    public int modelsLoaded() {
        return shared.loaded();
    }

    /** The oldest heartbeat of all inference threads (the systemd watchdog's). */
    public long heartbeatNanos() {
        return pipelines.heartbeatNanos();
    }

    public long inferencesTotal() {
        return pipelines.inferencesTotal();
    }

    public long droppedTotal() {
        return pipelines.droppedTotal();
    }

    public Outbox outbox() {
        return store.outbox();
    }

    public Publisher sender() {
        return link.sender();
    }

    /**
     * The classifier serving the first pipeline now (the only one of a single-pipeline config); null
     * before it serves, or when the pipeline has none (anomaly detection only).
     */
    public ModelRunner model() {
        return pipelines == null ? null : pipelines.first().classifier().orElse(null);
    }

    /** Completes once the first window of any pipeline has been inferred and handed to the publisher. */
    public CompletableFuture<Void> firstPrediction() {
        return pipelines.firstPrediction();
    }

    /** The first pipeline's inference loop. */
    public InferenceLoop loop() {
        return pipelines.first().loop();
    }

    /** Completes when a component fails in a way the daemon cannot recover from. */
    public CompletableFuture<Throwable> fatal() {
        return fatal;
    }

    /** Completes (with the reason) when {@code cmd/restart} asked for a process restart. */
    public CompletableFuture<String> restartRequested() {
        return restart;
    }

    /** Stops acquisition, finishes queued windows, says offline, and frees everything. Idempotent. */
    @Override
    public void close() {
        closer.close();
        registry.close();
    }
}
