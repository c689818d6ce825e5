package io.edgeinfer.app;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.Components;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.OutboxStats;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.Window;
import io.edgeinfer.pipeline.Windower;
import io.edgeinfer.sensor.SensorSource;
import io.edgeinfer.sensor.Sources;
import io.edgeinfer.telemetry.MetricsServer;
import io.edgeinfer.telemetry.TelemetryReporter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running daemon that a config change restarts one at a time (from the control
 * thread): sensor source with its windower, telemetry reporter, metrics endpoint. One lock keeps a
 * restart and the daemon's close from interleaving.
 */
final class LiveParts implements Components {
    private static final Logger LOG = LoggerFactory.getLogger(LiveParts.class);

    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final PipelineStats stats;
    private final Publisher publisher;
    private final Topics topics;
    private final String bootId;
    private final Supplier<OutboxStats> outbox;
    private final Consumer<Window> windows;
    private SensorSource source;
    private Windower windower;
    private TelemetryReporter telemetry;
    private MetricsServer metrics;

    /** @param windows where finished windows go (the inference loop's queue) */
    LiveParts(Clock clock, PrometheusMeterRegistry registry, PipelineStats stats, Publisher publisher, Topics topics,
            String bootId, Supplier<OutboxStats> outbox, Consumer<Window> windows) {
        this.clock = clock;
        this.registry = registry;
        this.stats = stats;
        this.publisher = publisher;
        this.topics = topics;
        this.bootId = bootId;
        this.outbox = outbox;
        this.windows = windows;
    }

    synchronized void startTelemetry(DaemonConfig c) {
        telemetry = new TelemetryReporter(stats, publisher, topics.telemetry(), bootId, clock, c.telemetry().intervalS(), outbox);
        telemetry.start();
    }

    synchronized void startMetrics(DaemonConfig c) throws IOException {
        if (c.metrics().enabled()) {
            metrics = new MetricsServer(registry, c.metrics().host(), c.metrics().port());
            LOG.info("Prometheus metrics on http://{}:{}/metrics", c.metrics().host(), metrics.port());
        }
    }

    /** @param firstWindow the index the first window gets: a restarted source continues the numbering */
    synchronized void startSource(DaemonConfig c, long firstWindow) {
        source = Sources.create(c.source(), clock);
        windower = new Windower(source.channels(), c.window().size(), c.window().hop(), windows, firstWindow);
        source.start(windower::accept);
    }

    synchronized void closeTelemetry() {
        if (telemetry != null) {
            telemetry.close();
        }
    }

    synchronized void closeMetrics() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    synchronized void closeSource() {
        if (source != null) {
            source.close();
        }
    }

    @Override
    public synchronized void restartSource(DaemonConfig next) {
        source.close();
        startSource(next, windower.nextIndex());
        LOG.info("source restarted: {} at {} Hz, window {}/{}", next.source().getClass().getSimpleName(),
                next.source().rateHz(), next.window().size(), next.window().hop());
    }

    @Override
    public synchronized void restartTelemetry(DaemonConfig next) {
        telemetry.close();
        startTelemetry(next);
    }

    @Override
    public synchronized void restartMetrics(DaemonConfig next) throws IOException {
        closeMetrics();
        startMetrics(next);
    }
}
