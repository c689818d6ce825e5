package io.edgeinfer.telemetry;

import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.TelemetryMessage;
import io.edgeinfer.pipeline.LatencyInterval;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.telemetry.board.ThrottleFlags;
import io.edgeinfer.telemetry.power.EnergyIntegrator.Interval;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples power and publishes a telemetry message every interval, both from one scheduler thread,
 * never from the inference thread. A failing run is logged and the next one goes ahead; runs never
 * overlap (one thread, fixed delay). Its meters (power, energy, thermals) bind to Prometheus.
 */
public final class TelemetryReporter implements AutoCloseable, MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryReporter.class);

    private final PipelineIntervals pipelines;
    private final Publisher publisher;
    private final String topic;
    private final String bootId;
    private final Clock clock;
    private final TelemetrySources sources;
    private final long intervalMs;
    private final long sampleMs;
    private final PowerSampler sampler;
    private final ThrottleLatencyRule rule;
    private final TelemetryMetrics metrics;
    private final ProcessStats process = new ProcessStats();
    private final ScheduledExecutorService scheduler;
    private final long startNanos;
    private long lastNanos;
    private boolean throttleFailed;

    /** One pipeline, whose model and input counters come from {@code sources}. */
    public TelemetryReporter(PipelineStats stats, Publisher publisher, String topic, String bootId, Clock clock,
            TelemetryConfig config, TelemetrySources sources) {
        this(List.of(new PipelineFeed(PipelineSpec.DEFAULT_ID, stats, sources.model(), sources.source())), publisher,
                topic,
                bootId, clock, config, sources);
    }

    /** @param pipelines every pipeline of the daemon, in config order (the first gives the top-level model) */
    public TelemetryReporter(List<PipelineFeed> pipelines, Publisher publisher, String topic, String bootId,
            Clock clock,
            TelemetryConfig config, TelemetrySources sources) {
        this.pipelines = new PipelineIntervals(pipelines);
        this.publisher = publisher;
        this.topic = topic;
        this.bootId = bootId;
        this.clock = clock;
        this.sources = sources;
        this.intervalMs = Math.max(100, Math.round(config.intervalS() * 1000));
        this.sampleMs = Math.max(100, Math.round(config.sampleIntervalS() * 1000));
        this.sampler = sources.power() == null ? null : new PowerSampler(sources.power(), sources.nanoClock());
        this.rule = new ThrottleLatencyRule(config.degradedP99Ratio());
        this.metrics = new TelemetryMetrics(sampler == null ? "none" : sampler.source(),
                sampler == null ? null : sampler::totalJoules);
        this.startNanos = sources.nanoClock().getAsLong();
        this.lastNanos = startNanos;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeinfer-telemetry");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        metrics.bindTo(registry);
    }

    /**
     * Removes this reporter's meters from {@code registry}, so a reporter started after a config
     * change registers its own (Micrometer would otherwise hand back the old ones, bound to this one).
     */
    public void unbind(MeterRegistry registry) {
        metrics.unbind(registry);
    }

    public void start() {
        if (sampler != null) {
            scheduler.scheduleWithFixedDelay(this::sampleNow, 0, sampleMs, TimeUnit.MILLISECONDS);
        }
        scheduler.scheduleWithFixedDelay(this::report, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** One power reading now (the scheduler's sampling task; tests call it to place readings). */
    synchronized void sampleNow() {
        if (sampler != null) {
            sampler.sample();
        }
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
        long now = sources.nanoClock().getAsLong();
        double seconds = (now - lastNanos) / 1e9;
        Interval energy = null;
        if (sampler != null) {
            sampler.sample(); // a reading now, so the interval ends where the readings end
            energy = sampler.take();
        }
        PipelineIntervals.Taken p = pipelines.take(seconds);
        lastNanos = now;
        PipelineFeed first = pipelines.first();
        TelemetryMessage m = new TelemetryMessage(clock.millis(), bootId, ProcessStats.round1((now - startNanos) / 1e9),
                round(seconds, 3), model(first), p.total(), process(), power(energy, seconds, p.inferences(), p
                        .busyS()),
                thermal(p.inference(), p.inferences()), outbox(), first.source() == null ? null : first.source().get(),
                p.each());
        metrics.update(m);
        return m;
    }

    private static ModelRef model(PipelineFeed f) {
        ModelInfo info = f.model() == null ? null : f.model().get();
        return info == null ? null : ModelRef.of(info);
    }

    private TelemetryMessage.Process process() {
        ProcessStats.GcInterval gc = process.gcSinceLast();
        ProcessStats.OsStatus os = ProcessStats.osStatus();
        return new TelemetryMessage.Process(process.cpuPercentSinceLast(), os.rssMb(), process.heapUsedMb(),
                gc.pauseMs(), gc.count(), os.threads(), process.jvmThreads());
    }

    private TelemetryMessage.Power power(Interval energy, double seconds, long n, double busyS) {
        EnergyAccounting.Figures f = EnergyAccounting.of(energy, seconds, n, busyS, sources.idleW());
        return new TelemetryMessage.Power(sampler == null ? null : sampler.source(), round(f.powerW(), 3),
                round(f.mjPerInference(), 4), round(f.marginalMjPerInference(), 4), sources.idleW());
    }

    private TelemetryMessage.Thermal thermal(Histogram inference, long n) {
        ThrottleFlags flags = throttleFlags();
        ThrottleLatencyRule.Verdict v = rule.evaluate(flags, LatencyInterval.percentileMs(inference, 99), n);
        var t = sources.thermals();
        return new TelemetryMessage.Thermal(round(t.cpuTempC(), 1), round(t.cpuFreqMhz(), 0),
                flags == null ? null : flags.message(), v.degraded(), round(v.baselineMs(), 3));
    }

    private ThrottleFlags throttleFlags() {
        if (sources.vcgencmd() == null || sources.vcgencmd().missing()) {
            return null;
        }
        try {
            ThrottleFlags f = ThrottleFlags.parse(sources.vcgencmd().run("get_throttled"));
            throttleFailed = false;
            return f;
        } catch (IOException | IllegalArgumentException e) {
            if (!throttleFailed && !sources.vcgencmd().missing()) {
                LOG.warn("throttling state unknown: {}", e.getMessage());
            }
            throttleFailed = true;
            return null;
        }
    }

    private TelemetryMessage.Outbox outbox() {
        OutboxStats o = sources.outbox();
        return o == null
                ? new TelemetryMessage.Outbox(null, null, null, null)
                : new TelemetryMessage.Outbox(o.depth(), o.droppedTotal(), o.mode(), o.modeReason());
    }

    static Double round(Double v, int digits) {
        if (v == null) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
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
        if (sampler != null) {
            sampler.close();
        }
    }
}
