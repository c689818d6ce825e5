package io.edgeinfer.telemetry;

import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.pipeline.LatencyInterval;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.telemetry.TelemetryMessage.Percentiles;
import io.edgeinfer.outbox.OutboxStats;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a telemetry message every interval from one scheduler thread, never from the inference
 * thread. A failing run is logged and the next one goes ahead; runs never overlap (fixed delay).
 */
public final class TelemetryReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryReporter.class);

    private final PipelineStats stats;
    private final Supplier<SourceStats.Snapshot> source;
    private final Publisher publisher;
    private final String topic;
    private final String bootId;
    private final Clock clock;
    private final long intervalMs;
    private final ProcessStats process = new ProcessStats();
    private final Supplier<OutboxStats> outbox;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService scheduler;
    private long lastNanos = startNanos;
    private long lastInferences;

    /** @param outbox the outbox's figures, or null when there is none */
    public TelemetryReporter(PipelineStats stats, Publisher publisher, String topic, String bootId, Clock clock,
            double intervalS, Supplier<OutboxStats> outbox) {
        this(stats, publisher, topic, bootId, clock, intervalS, outbox, () -> null);
    }

    /**
     * @param outbox the outbox's figures, or null when there is none
     * @param source the input-side counters for the {@code source} field
     */
    public TelemetryReporter(PipelineStats stats, Publisher publisher, String topic, String bootId, Clock clock,
            double intervalS, Supplier<OutboxStats> outbox, Supplier<SourceStats.Snapshot> source) {
        this.outbox = outbox;
        this.source = source;
        this.stats = stats;
        this.publisher = publisher;
        this.topic = topic;
        this.bootId = bootId;
        this.clock = clock;
        this.intervalMs = Math.max(100, Math.round(intervalS * 1000));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeinfer-telemetry");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::report, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            publisher.publish(topic, Json.encode(snapshot()), false);
        } catch (Throwable t) {
            LOG.warn("telemetry run failed: {}", t.toString());
        }
    }

    /** Builds the message for the interval since the previous call. */
    synchronized TelemetryMessage snapshot() {
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        long inferences = stats.inferencesTotal();
        LatencyInterval lat = stats.takeInterval();
        OutboxStats box = outbox == null ? null : outbox.get();
        double rate = seconds > 0 ? (inferences - lastInferences) / seconds : 0;
        lastNanos = now;
        lastInferences = inferences;
        return new TelemetryMessage(
                clock.millis(),
                bootId,
                ProcessStats.round1((now - startNanos) / 1e9),
                Math.round(seconds * 1000) / 1000.0,
                inferences,
                Math.round(rate * 100) / 100.0,
                percentiles(lat.total()),
                percentiles(lat.inference()),
                stats.droppedTotal(),
                stats.errorsTotal(),
                process.cpuPercentSinceLast(),
                process.rssMb(),
                process.heapUsedMb(),
                box == null ? null : box.depth(),
                box == null ? null : box.droppedTotal(),
                source.get());
    }

    private static Percentiles percentiles(Histogram h) {
        return new Percentiles(ms(LatencyInterval.percentileMs(h, 50)), ms(LatencyInterval.percentileMs(h, 95)),
                ms(LatencyInterval.percentileMs(h, 99)), ms(LatencyInterval.maxMs(h)));
    }

    private static Double ms(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    /** Publishes a last message for the partial interval, then stops. Idempotent. */
    @Override
    public void close() {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        report();
    }
}
