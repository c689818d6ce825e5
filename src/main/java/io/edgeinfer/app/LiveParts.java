package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.control.reconfig.Components;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.WindowSource;
import io.edgeinfer.pipeline.WindowSource.WindowSink;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.telemetry.MetricsServer;
import io.edgeinfer.telemetry.TelemetryReporter;
import io.edgeinfer.telemetry.TelemetrySources;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running daemon that a config change restarts one at a time (from the control
 * thread): the input (sensor stream, camera or image folder, with its windowing and trigger), the
 * telemetry reporter (which owns the power meter), the metrics endpoint. One lock keeps a restart and the
 * daemon's close from interleaving.
 */
final class LiveParts implements Components {
    private static final Logger LOG = LoggerFactory.getLogger(LiveParts.class);

    /** Finds the telemetry sources a {@code telemetry} section asks for (power meter, thermals). */
    @FunctionalInterface
    interface TelemetryProbe {
        TelemetrySources detect(TelemetryConfig config) throws ConfigException;
    }

    private final Inputs inputs;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final PipelineStats stats;
    private final Publisher publisher;
    private final Topics topics;
    private final String bootId;
    private final Supplier<SourceStats.Snapshot> sourceStats;
    private final TelemetryProbe probe;
    private WindowSource input;
    private WindowSink sink;
    private TelemetryReporter telemetry;
    private MetricsServer metrics;
    /**
     * One past the highest window index handed on: a restarted input continues the numbering from
     * here. Atomic rather than under the lock, because a restart holds the lock while it waits for the
     * old input's thread, which may be handing on a window.
     */
    private final AtomicLong nextIndex = new AtomicLong();

    LiveParts(Inputs inputs, Clock clock, PrometheusMeterRegistry registry, PipelineStats stats, Publisher publisher,
            Topics topics, String bootId, Supplier<SourceStats.Snapshot> sourceStats, TelemetryProbe probe) {
        this.inputs = inputs;
        this.clock = clock;
        this.registry = registry;
        this.stats = stats;
        this.publisher = publisher;
        this.topics = topics;
        this.bootId = bootId;
        this.sourceStats = sourceStats;
        this.probe = probe;
    }

    /** Starts telemetry on sources already detected (at start, before anything was published). */
    synchronized void startTelemetry(DaemonConfig c, TelemetrySources detected) {
        telemetry = new TelemetryReporter(stats, publisher, topics.telemetry(), bootId, clock, c.telemetry(),
                detected.withSource(sourceStats));
        telemetry.bindTo(registry);
        telemetry.start();
    }

    synchronized void startMetrics(DaemonConfig c) throws IOException {
        if (c.metrics().enabled()) {
            metrics = new MetricsServer(registry, c.metrics().host(), c.metrics().port());
            LOG.info("Prometheus metrics on http://{}:{}/metrics", c.metrics().host(), metrics.port());
        }
    }

    /** Opens the configured input and starts it; its windows go to {@code windows} (the inference queue). */
    synchronized void startSource(DaemonConfig c, WindowSink windows) {
        sink = windows;
        openInput(c);
    }

    /** @return the index the new input's first window gets */
    private long openInput(DaemonConfig c) {
        long offset = nextIndex.get();
        WindowSource next = inputs.open(c.source(), c.window());
        next.start(w -> forward(w, offset));
        input = next;
        return offset;
    }

    /** Renumbers a restarted input's windows after the previous input's, so indices never repeat. */
    private void forward(Window w, long offset) throws InterruptedException {
        Window out = offset == 0 ? w : w.withIndex(w.index() + offset);
        nextIndex.accumulateAndGet(out.index() + 1, Math::max);
        sink.accept(out);
    }

    synchronized void closeTelemetry() {
        if (telemetry != null) {
            telemetry.close();
            telemetry.unbind(registry);
            telemetry = null;
        }
    }

    synchronized void closeMetrics() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    /** Stops the input, then frees the board (Pi4J context). */
    synchronized void closeInputs() {
        if (input != null) {
            input.close();
            input = null;
        }
        inputs.close();
    }

    @Override
    public synchronized void restartSource(DaemonConfig next) {
        if (input != null) {
            input.close();
        }
        long first = openInput(next);
        LOG.info("input restarted: {} at {} Hz, window {}/{}, window numbering continues at {}",
                next.source().getClass().getSimpleName(), next.source().rateHz(), next.window().size(),
                next.window().hop(), first);
    }

    @Override
    public synchronized void restartTelemetry(DaemonConfig next) throws ConfigException {
        // Detect first: a power meter this host cannot serve refuses the change with telemetry untouched.
        TelemetrySources detected = probe.detect(next.telemetry());
        closeTelemetry();
        startTelemetry(next, detected);
    }

    @Override
    public synchronized void restartMetrics(DaemonConfig next) throws IOException {
        closeMetrics();
        startMetrics(next);
    }
}
