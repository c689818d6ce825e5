package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.ModelConfig;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.PahoPublisher;
import io.edgeinfer.mqtt.PredictionPublisher;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.StatusMessage;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.pipeline.Windower;
import io.edgeinfer.sensor.SensorSource;
import io.edgeinfer.sensor.Sources;
import io.edgeinfer.telemetry.MetricsServer;
import io.edgeinfer.telemetry.TelemetryReporter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
    private final Clock clock;
    private final String bootId = UUID.randomUUID().toString();
    private final Topics topics;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
    private final CompletableFuture<Void> firstPrediction = new CompletableFuture<>();
    private PipelineStats stats;
    private ModelRunner model;
    private EmbeddedBroker broker;
    private PahoPublisher publisher;
    private InferenceLoop loop;
    private TelemetryReporter telemetry;
    private SensorSource source;
    private MetricsServer metricsServer;
    private boolean closed;

    private Daemon(DaemonConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.topics = new Topics(config.mqtt().topicPrefix(), config.deviceId());
    }

    /**
     * Builds and starts a daemon.
     *
     * @throws ConfigException when the model does not fit the config (missing, corrupt, wrong shape)
     */
    public static Daemon start(DaemonConfig config, Clock clock) throws ConfigException, IOException {
        Daemon d = new Daemon(config, clock);
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
            return DjlModelRunner.load(m.path(), m.name(), m.version(), m.labels(), config.source().channels(),
                    config.window().size());
        } catch (ModelLoadException e) {
            throw new ConfigException(e.key(), e.getMessage());
        }
    }

    private void startAll() throws ConfigException, IOException {
        long t0 = System.nanoTime();
        model = loadModel(config);
        closeables.push(model);
        LOG.info("model {} {} loaded ({} bytes, sha256 {}) in {} ms", model.info().name(), model.info().version(),
                model.info().sizeBytes(), model.info().sha256(), (System.nanoTime() - t0) / 1_000_000);

        String url = config.mqtt().broker();
        if (config.mqtt().usesEmbeddedBroker()) {
            broker = new EmbeddedBroker(config.mqtt().embedded().host(), config.mqtt().embedded().port());
            closeables.push(broker);
            url = broker.url();
            LOG.info("embedded MQTT broker on {}", url);
        }
        publisher = new PahoPublisher(config.mqtt(), url, status(StatusMessage.OFFLINE), () -> status(StatusMessage.ONLINE));
        closeables.push(() -> publisher.close(status(StatusMessage.OFFLINE), 2000));
        publisher.start();

        WindowQueue queue = new WindowQueue(config.pipeline().queueCapacity(), config.pipeline().overflow());
        stats = new PipelineStats(queue);
        stats.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.push(gc);

        // Telemetry closes after the loop has drained, so its last message counts every window.
        telemetry = new TelemetryReporter(stats, publisher, topics.telemetry(), bootId, clock, config.telemetry().intervalS());
        closeables.push(telemetry);
        telemetry.start();

        PredictionPublisher predictions = new PredictionPublisher(publisher, topics, bootId);
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

        if (config.metrics().enabled()) {
            metricsServer = new MetricsServer(registry, config.metrics().host(), config.metrics().port());
            closeables.push(metricsServer);
            LOG.info("Prometheus metrics on http://{}:{}/metrics", config.metrics().host(), metricsServer.port());
        }

        source = Sources.create(config.source(), clock);
        closeables.push(source);
        Windower windower = new Windower(source.channels(), config.window().size(), config.window().hop(), w -> {
            try {
                loop.submit(w);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        source.start(windower::accept);
        LOG.info("edgeinfer {} running: device {}, source {} at {} Hz, window {}/{}, topics {}/#, boot {}",
                Version.get(), config.deviceId(), config.source().getClass().getSimpleName(), config.source().rateHz(),
                config.window().size(), config.window().hop(), topics.base(), bootId);
    }

    private Publisher.Message status(String state) {
        ModelRef m = model == null ? null : ModelRef.of(model.info());
        StatusMessage s = new StatusMessage(state, bootId, Version.get(), config.deviceId(), clock.millis(), m);
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

    public ModelRunner model() {
        return model;
    }

    /** Completes once the first window has been inferred and handed to the publisher. */
    public CompletableFuture<Void> firstPrediction() {
        return firstPrediction;
    }

    /** The inference loop (its heartbeat feeds the systemd watchdog). */
    public InferenceLoop loop() {
        return loop;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** Completes when a component fails in a way the daemon cannot recover from. */
    public CompletableFuture<Throwable> fatal() {
        return fatal;
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
