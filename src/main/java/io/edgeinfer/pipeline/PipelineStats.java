package io.edgeinfer.pipeline;

import io.edgeinfer.config.PipelineSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
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
    private final Recorder publish = new Recorder(MAX_TRACKED_NANOS, 3);
    private final LongAdder busyNanos = new LongAdder();
    private final WindowQueue queue;
    private volatile Timer inferenceTimer;
    private volatile Timer preprocessTimer;
    private volatile Timer publishTimer;
    private volatile Timer latencyTimer;
    private volatile Counter errorCounter;
    private LatencyInterval last;

    private final Tags tags;

    /** The figures of the one pipeline of a single-pipeline daemon. */
    public PipelineStats(WindowQueue queue) {
        this(queue, PipelineSpec.DEFAULT_ID);
    }

    /** @param pipeline the pipeline counted: every meter's {@code pipeline} tag */
    public PipelineStats(WindowQueue queue, String pipeline) {
        this.queue = queue;
        this.tags = Tags.of("pipeline", pipeline);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        inferenceTimer = Timer.builder("edgeinfer.inference")
                .description("Time in the model per window")
                .publishPercentileHistogram()
                .tags(tags)
                .register(registry);
        preprocessTimer = histogram("edgeinfer.preprocess", "Building the input tensor from a window", registry);
        publishTimer = histogram("edgeinfer.publish", "Handing a prediction to its sink, on the inference thread",
                registry);
        latencyTimer = histogram("edgeinfer.latency", "From window complete to prediction ready (incl. queue wait)",
                registry);
        FunctionCounter.builder("edgeinfer.inference.busy", busyNanos, b -> b.sum() / 1e9)
                .description("Time the inference thread spent on windows (preprocess to publish)")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
        errorCounter = Counter.builder("edgeinfer.inference.errors")
                .description("Windows whose inference failed")
                .tags(tags)
                .register(registry);
        registry.more().counter("edgeinfer.windows", tags, windows, LongAdder::doubleValue);
        registry.more().counter("edgeinfer.windows.dropped", tags, queue, WindowQueue::droppedTotal);
        Gauge.builder("edgeinfer.queue.depth", queue, WindowQueue::size)
                .description("Windows waiting for the model")
                .tags(tags)
                .register(registry);
    }

    private Timer histogram(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description).publishPercentileHistogram().tags(tags)
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** A window entered the queue (counted as it arrives, before the model sees it). */
    public void windowQueued() {
        windows.increment();
    }

    void recordInference(Prediction p) {
        inferences.increment();
        record(total, p.totalNanos());
        record(inference, p.inferenceNanos());
        record(preprocess, p.preprocessNanos());
        time(inferenceTimer, p.inferenceNanos());
        time(preprocessTimer, p.preprocessNanos());
        time(latencyTimer, p.totalNanos());
    }

    /** Time the inference thread spent in the sink call for one prediction. */
    void recordPublish(long nanos) {
        record(publish, nanos);
        time(publishTimer, nanos);
    }

    /** Time the inference thread spent on one window, from taking it to finishing with it. */
    void recordBusy(long nanos) {
        busyNanos.add(Math.max(0, nanos));
    }

    private static void time(Timer t, long nanos) {
        if (t != null) {
            t.record(nanos, TimeUnit.NANOSECONDS);
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

    /** Seconds the inference thread has been busy with windows since start. */
    public double busySecondsTotal() {
        return busyNanos.sum() / 1e9;
    }

    /** {@link #busySecondsTotal} in nanoseconds, for comparing with a clock. */
    public long busyNanosTotal() {
        return busyNanos.sum();
    }

    public long droppedTotal() {
        return queue.droppedTotal();
    }

    /** Windows waiting for the model now. */
    public int queueDepth() {
        return queue.size();
    }

    /**
     * Latencies since the previous call, then reset; for one telemetry interval. The histograms of
     * the previous interval are recycled (each is ~200 kB: reallocating four every second is
     * needless work on a small board), so a caller must be done with them before calling again.
     */
    public synchronized LatencyInterval takeInterval() {
        LatencyInterval old = last;
        last = old == null
                ? new LatencyInterval(total.getIntervalHistogram(), inference.getIntervalHistogram(),
                        preprocess.getIntervalHistogram(), publish.getIntervalHistogram())
                : new LatencyInterval(total.getIntervalHistogram(old.total()), inference.getIntervalHistogram(old
                        .inference()),
                        preprocess.getIntervalHistogram(old.preprocess()), publish.getIntervalHistogram(old.publish()));
        return last;
    }
}
