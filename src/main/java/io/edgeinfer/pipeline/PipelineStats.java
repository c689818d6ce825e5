package io.edgeinfer.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency of the pipeline, read by telemetry (interval percentiles from an HdrHistogram
 * recorder, which hands over an interval without stopping the writer) and exposed to Prometheus.
 */
public final class PipelineStats implements MeterBinder {
    private static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongAdder windows = new LongAdder();
    private final LongAdder inferences = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Recorder total = new Recorder(MAX_TRACKED_NANOS, 3);
    private final Recorder inference = new Recorder(MAX_TRACKED_NANOS, 3);
    private final Recorder preprocess = new Recorder(MAX_TRACKED_NANOS, 3);
    private final WindowQueue queue;
    private volatile Timer inferenceTimer;
    private volatile Counter errorCounter;

    public PipelineStats(WindowQueue queue) {
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        inferenceTimer = Timer.builder("edgeinfer.inference")
                .description("Time in the model per window")
                .publishPercentileHistogram()
                .register(registry);
        errorCounter = Counter.builder("edgeinfer.inference.errors")
                .description("Windows whose inference failed")
                .register(registry);
        registry.more().counter("edgeinfer.windows", java.util.List.of(), windows, LongAdder::doubleValue);
        registry.more().counter("edgeinfer.windows.dropped", java.util.List.of(), queue, WindowQueue::droppedTotal);
        Gauge.builder("edgeinfer.queue.depth", queue, WindowQueue::size)
                .description("Windows waiting for the model")
                .register(registry);
    }

    void windowQueued() {
        windows.increment();
    }

    void recordInference(Prediction p) {
        inferences.increment();
        record(total, p.totalNanos());
        record(inference, p.inferenceNanos());
        record(preprocess, p.preprocessNanos());
        Timer t = inferenceTimer;
        if (t != null) {
            t.record(p.inferenceNanos(), TimeUnit.NANOSECONDS);
        }
    }

    void recordError() {
        errors.increment();
        Counter c = errorCounter;
        if (c != null) {
            c.increment();
        }
    }

    private static void record(Recorder r, long nanos) {
        r.recordValue(Math.min(Math.max(nanos, 0), MAX_TRACKED_NANOS));
    }

    public long windowsTotal() {
        return windows.sum();
    }

    public long inferencesTotal() {
        return inferences.sum();
    }

    public long errorsTotal() {
        return errors.sum();
    }

    public long droppedTotal() {
        return queue.droppedTotal();
    }

    /** Latencies since the previous call, then reset; for one telemetry interval. */
    public LatencyInterval takeInterval() {
        return new LatencyInterval(total.getIntervalHistogram(), inference.getIntervalHistogram(),
                preprocess.getIntervalHistogram());
    }
}
