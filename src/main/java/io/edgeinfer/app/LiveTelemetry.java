package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.MetricsConfig;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.telemetry.MetricsServer;
import io.edgeinfer.telemetry.PipelineFeed;
import io.edgeinfer.telemetry.TelemetryReporter;
import io.edgeinfer.telemetry.TelemetrySources;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry reporter (which owns the power meter) and the metrics endpoint, each of which a
 * config change restarts on its own. One lock keeps a restart and the daemon's close apart.
 */
final class LiveTelemetry {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTelemetry.class);

    /** Finds the telemetry sources a {@code telemetry} section asks for (power meter, thermals). */
    @FunctionalInterface
    interface Probe {
        TelemetrySources detect(TelemetryConfig config) throws ConfigException;
    }

    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final List<PipelineFeed> pipelines;
    private final Publisher publisher;
    private final String topic;
    private final String bootId;
    private final Probe probe;
    private TelemetryReporter telemetry;
    private MetricsServer metrics;

    LiveTelemetry(Clock clock, PrometheusMeterRegistry registry, List<PipelineFeed> pipelines, Publisher publisher,
            String topic, String bootId, Probe probe) {
        this.clock = clock;
        this.registry = registry;
        this.pipelines = List.copyOf(pipelines);
        this.publisher = publisher;
        this.topic = topic;
        this.bootId = bootId;
        this.probe = probe;
    }

    /** Starts telemetry on sources already detected (at start, before anything was published). */
    synchronized void startTelemetry(TelemetryConfig c, TelemetrySources detected) {
        telemetry = new TelemetryReporter(pipelines, publisher, topic, bootId, clock, c, detected);
        telemetry.bindTo(registry);
        telemetry.start();
    }

    /** Detects first: a power meter this host cannot serve refuses the change with telemetry untouched. */
    synchronized void restartTelemetry(TelemetryConfig c) throws ConfigException {
        TelemetrySources detected = probe.detect(c);
        closeTelemetry();
        startTelemetry(c, detected);
    }

    /** Flushes the last message, which counts every window the loop finished. Idempotent. */
    synchronized void closeTelemetry() {
        if (telemetry != null) {
            telemetry.close();
            telemetry.unbind(registry);
            telemetry = null;
        }
    }

    synchronized void startMetrics(MetricsConfig c) throws IOException {
        if (c.enabled()) {
            metrics = new MetricsServer(registry, c.host(), c.port());
            LOG.info("Prometheus metrics on http://{}:{}/metrics", c.host(), metrics.port());
        }
    }

    synchronized void restartMetrics(MetricsConfig c) throws IOException {
        closeMetrics();
        startMetrics(c);
    }

    /** Idempotent. */
    synchronized void closeMetrics() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }
}
