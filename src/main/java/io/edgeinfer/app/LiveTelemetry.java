package io.edgeinfer.app;

import com.pi4j.context.Context;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MetricsConfig;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.telemetry.MetricsServer;
import io.edgeinfer.telemetry.OutboxStats;
import io.edgeinfer.telemetry.PipelineFeed;
import io.edgeinfer.telemetry.TelemetryReporter;
import io.edgeinfer.telemetry.TelemetrySources;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.ProcessCommandRunner;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
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

    /** The host's telemetry sources: power meters and thermals as this board offers them. */
    static Probe probe(Supplier<ModelInfo> model, OutboxStats outbox, Supplier<Context> board) {
        return t -> TelemetrySources.detect(t, HostPaths.system(), new ProcessCommandRunner(), model, outbox, board);
    }

    /**
     * Detects the sources before anything is published: a power meter the host cannot serve is a
     * config error. A bus-attached meter holds a handle, so it is registered with {@code closer}.
     */
    static TelemetrySources detect(Probe probe, TelemetryConfig config, Closer closer) throws ConfigException {
        TelemetrySources sources = probe.detect(config);
        if (sources.power() != null) {
            closer.add("power meter", sources.power());
        }
        return sources;
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
    /**
     * A reporter registered with {@code closer} and its metrics endpoint started; telemetry itself
     * starts later ({@link #startTelemetry}). It closes after the loops have drained, so its last
     * message counts every window.
     */
    static LiveTelemetry open(DaemonConfig config, Clock clock, PrometheusMeterRegistry registry,
            List<PipelineFeed> pipelines, Publisher publisher, String topic, String bootId, Probe probe, Closer closer)
            throws IOException {
        LiveTelemetry telemetry = new LiveTelemetry(clock, registry, pipelines, publisher, topic, bootId, probe);
        closer.add("telemetry", telemetry::closeTelemetry);
        closer.add("metrics endpoint", telemetry::closeMetrics);
        telemetry.startMetrics(config.metrics());
        return telemetry;
    }

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
