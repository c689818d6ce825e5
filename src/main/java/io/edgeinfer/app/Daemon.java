package io.edgeinfer.app;

import com.pi4j.context.Context;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.ModelConfig;
import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.control.ConfigControl;
import io.edgeinfer.control.ControlService;
import io.edgeinfer.control.DeviceFacts;
import io.edgeinfer.control.Rebirth;
import io.edgeinfer.hardware.Pi4jBoard;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.mqtt.DeliveryMetrics;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.PredictionPublisher;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.StatusMessage;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.mqtt.paho.PahoPublisher;
import io.edgeinfer.mqtt.sparkplug.NodeCommands;
import io.edgeinfer.mqtt.sparkplug.SparkplugWire;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.OutboxException;
import io.edgeinfer.outbox.SqliteOutbox;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.telemetry.TelemetrySources;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.ProcessCommandRunner;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with plain constructors, starts them in dependency
 * order (model first, so a bad model fails before anything is published) and closes them in
 * reverse, each failure logged without stopping the others.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long DRAIN_MS = 1500;

    private final DaemonConfig config;
    private final Path configFile;
    private final Clock clock;
    private final String bootId = UUID.randomUUID().toString();
    private final Topics topics;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
    private final CompletableFuture<String> restart = new CompletableFuture<>();
    private final CompletableFuture<Void> firstPrediction = new CompletableFuture<>();
    private PipelineStats stats;
    private ModelRunner model;
    private EmbeddedBroker broker;
    private Outbox outbox;
    private Publisher publisher;
    private SparkplugWire sparkplug;
    private InferenceLoop loop;
    private final Health health = new Health();
    private final SourceStats sourceStats = new SourceStats();
    private final Supplier<Context> board;
    private LiveParts parts;
    private ControlService control;
    private boolean closed;

    private Daemon(DaemonConfig config, Clock clock, Supplier<Context> board, Path configFile) {
        this.config = config;
        this.configFile = configFile;
        this.clock = clock;
        this.board = board;
        this.topics = new Topics(config.mqtt().topicPrefix(), config.deviceId());
    }

    /**
     * Builds and starts a daemon.
     *
     * @throws ConfigException when the model does not fit the config (missing, corrupt, wrong shape)
     */
    public static Daemon start(DaemonConfig config, Clock clock) throws ConfigException, IOException {
        return start(config, clock, Pi4jBoard::newContext, null);
    }

    /**
     * Builds and starts a daemon whose hardware sources reach the board through {@code board} (a
     * Pi4J context; tests pass a simulated board's).
     */
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

    /** @param configFile where the config came from, or null (remote config changes are then not persisted) */
    public static Daemon start(DaemonConfig config, Clock clock, Supplier<Context> board, Path configFile)
            throws ConfigException, IOException {
        Daemon d = new Daemon(config, clock, board, configFile);
        try {
            d.startAll();
        } catch (ConfigException | IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** Loads and checks a config's model the way {@link #start} does. Caller closes the runner. */
    public static ModelRunner loadModel(DaemonConfig config) throws ConfigException {
        ModelConfig m = config.model();
        DjlEngine.configure(m.cacheDir(), m.threads());
        try {
            return DjlModelRunner.load(m.path(), m.name(), m.version(), m.labels(),
                    config.source().inputDims(config.window()), config.source().inputDimsFrom());
        } catch (ModelLoadException e) {
            throw new ConfigException(e.key(), e.getMessage());
        }
    }

    private void startAll() throws ConfigException, IOException {
        long t0 = System.nanoTime();
        model = loadModel(config);
        // Closes whichever model serves at the end: a swap closes the ones it replaces.
        closeables.push(() -> model().close());
        LOG.info("model {} {} loaded ({} bytes, sha256 {}) in {} ms", model.info().name(), model.info().version(),
                model.info().sizeBytes(), model.info().sha256(), (System.nanoTime() - t0) / 1_000_000);
        // Before anything is published: a power meter the host cannot serve is a config error.
        LiveParts.TelemetryProbe probe = t -> TelemetrySources.detect(t, HostPaths.system(), new ProcessCommandRunner(),
                () -> model().info(), new io.edgeinfer.telemetry.OutboxStats() {
                    // The outbox opens a few lines below, before telemetry starts.
                    @Override
                    public long depth() {
                        return outbox.stats().depth();
                    }

                    @Override
                    public long droppedTotal() {
                        return outbox.stats().droppedTotal();
                    }

                    @Override
                    public String mode() {
                        return outbox.stats().mode();
                    }

                    @Override
                    public String modeReason() {
                        return outbox.stats().modeReason();
                    }
                }, board);
        TelemetrySources sources = probe.detect(config.telemetry());
        if (sources.power() != null) {
            closeables.push(sources.power()); // a bus-attached meter holds a handle; close() is idempotent
        }

        String url = config.mqtt().broker();
        if (config.mqtt().usesEmbeddedBroker()) {
            broker = new EmbeddedBroker(config.mqtt().embedded().host(), config.mqtt().embedded().port(),
                    config.control().maxCommandBytes());
            closeables.push(broker);
            url = broker.url();
            LOG.info("embedded MQTT broker on {}", url);
        }
        outbox = openOutbox();
        closeables.push(outbox);
        outbox.start();
        try {
            publisher = new PahoPublisher(config.mqtt(), url, outbox, wireFormat(), status(StatusMessage.OFFLINE),
                    () -> status(StatusMessage.ONLINE), clock);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("mqtt.tls", e.getMessage());
        }
        closeables.push(() -> publisher.close(status(StatusMessage.OFFLINE), 2000));
        if (sparkplug != null) {
            publisher.subscribe(sparkplug.topic("NCMD"), new NodeCommands(publisher::rebirth)::accept);
        }
        publisher.start();
        // Health changes (a sensor away, a camera restarting) go out as a new retained status.
        health.onChange(h -> publisher.publish(topics.status(), status(StatusMessage.ONLINE).payload(), true));
        outbox.onModeChange(() -> publisher.publish(topics.status(), status(StatusMessage.ONLINE).payload(), true));

        WindowQueue queue = new WindowQueue(config.pipeline().queueCapacity(), config.pipeline().overflow());
        stats = new PipelineStats(queue);
        stats.bindTo(registry);
        new DeliveryMetrics(outbox, publisher).bindTo(registry);
        health.bindTo(registry);
        sourceStats.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.push(gc);

        // Telemetry closes after the loop has drained, so its last message counts every window.
        parts = new LiveParts(new Inputs(board, clock, health, sourceStats), clock, registry, stats, publisher, topics,
                bootId, () -> sourceStats.snapshot(health), probe);
        closeables.push(parts::closeTelemetry);
        parts.startTelemetry(config, sources);
        new JvmThreadMetrics().bindTo(registry);

        PredictionPublisher predictions = new PredictionPublisher(outbox, topics, bootId);
        loop = new InferenceLoop(queue, model, new PostProcessor(model.info().labels()), p -> {
            predictions.accept(p);
            if (p.seq() == 0) {
                LOG.info("first prediction {} ms after JVM start",
                        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
                firstPrediction.complete(null);
            }
        }, stats, fatal::complete);
        closeables.push(() -> loop.stop(DRAIN_MS));
        loop.start();

        closeables.push(parts::closeMetrics);
        parts.startMetrics(config);
        closeables.push(parts::closeInputs);
        parts.startSource(config, loop::submit);
        startControl();
        LOG.info("edgeinfer {} running: device {}, source {} at {} Hz, window {}/{}, topics {}/#, boot {}",
                Version.get(), config.deviceId(), config.source().getClass().getSimpleName(), config.source().rateHz(),
                config.window().size(), config.window().hop(), topics.base(), bootId);
    }

    private WireFormat wireFormat() {
        if (!MqttConfig.SPARKPLUG.equals(config.mqtt().format())) {
            return WireFormat.JSON;
        }
        // bdSeq lives beside the outbox: both are the device's delivery state.
        sparkplug = new SparkplugWire(config.mqtt().sparkplug(),
                config.outbox().path().toAbsolutePath().resolveSibling("sparkplug-bdseq"), model.info().labels());
        return sparkplug;
    }

    /** Remote control and config reloads; closed first, so no restart runs while the rest shuts down. */
    private void startControl() throws IOException {
        ConfigControl configs = new ConfigControl(config, configFile, System.getenv(), parts, clock);
        // Sparkplug B (mqtt.format: sparkplug) answers rebirth through the sender; JSON has none.
        Rebirth rebirth = sparkplug != null ? publisher::rebirth : null;
        control = new ControlService(configs, loop, DjlModelRunner::load, outbox, topics,
                new DeviceFacts(config.deviceId(), bootId, Version.get(), clock.millis(), stats, health::state), rebirth,
                new SupervisedRestart(System.getenv(), restart),
                () -> publisher.publish(topics.status(), status(StatusMessage.ONLINE).payload(), true), clock);
        closeables.push(control);
        control.start(publisher::subscribe);
    }

    /** Re-reads the config file (SIGHUP): validated, applied atomically, or refused and logged. */
    public void reload(String why) {
        if (control != null) {
            control.reload(why);
        }
    }

    private Outbox openOutbox() throws ConfigException {
        if (!config.outbox().enabled()) {
            LOG.warn("outbox disabled: predictions wait in memory only and are lost if the process stops");
            return new MemoryOutbox(clock, config.outbox().maxMessages());
        }
        try {
            return SqliteOutbox.open(config.outbox(), clock);
        } catch (OutboxException e) {
            throw new ConfigException("outbox.path", e.getMessage());
        }
    }

    private Publisher.Message status(String state) {
        ModelRunner serving = model();
        ModelRef m = serving == null ? null : ModelRef.of(serving.info());
        Health.State h = health.state();
        StatusMessage s = new StatusMessage(state, bootId, Version.get(), config.deviceId(), clock.millis(), m, h.key(),
                h.reason(), StatusMessage.Outbox.of(outbox == null ? null : outbox.stats()));
        return new Publisher.Message(topics.status(), Json.encode(s), true);
    }

    public String bootId() {
        return bootId;
    }

    public Topics topics() {
        return topics;
    }

    /** The broker URL in use (the embedded one's real port when it picked a free one). */
    public String brokerUrl() {
        return broker != null ? broker.url() : config.mqtt().broker();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public PipelineStats stats() {
        return stats;
    }

    public Outbox outbox() {
        return outbox;
    }

    public Publisher sender() {
        return publisher;
    }

    /** The model serving now. */
    public ModelRunner model() {
        return loop != null ? loop.model() : model;
    }

    /** Completes once the first window has been inferred and handed to the publisher. */
    public CompletableFuture<Void> firstPrediction() {
        return firstPrediction;
    }

    /** The inference loop (its heartbeat feeds the systemd watchdog). */
    public InferenceLoop loop() {
        return loop;
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        registry.close();
    }
}
