package io.edgeinfer.app;

import io.edgeinfer.config.PipelineConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.AnomalyScoring;
import io.edgeinfer.pipeline.FirstPrediction;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.PredictionSink;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SourceStats;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One pipeline of a running daemon: its input, the bounded queue, the inference thread with its
 * model, and the sink predictions go to; with its own health, input counters and pipeline meters.
 * {@link #assemble} is the one place these are wired, for the daemon and for the benches. The daemon
 * wires it in two steps ({@link #prepare}, then {@link #serve}) so that its input can fill the first
 * window while the model loads: windows wait in the queue until the model serves.
 */
public final class RunningPipeline implements AutoCloseable {
    /** How long a stop lets the inference thread finish what is queued. */
    static final long DRAIN_MS = 1500;

    private final String id;
    private final Health health;
    private final SourceStats sourceStats;
    private final WindowQueue queue;
    private final PipelineStats stats;
    private final LiveInput input;
    private final FirstPrediction first = new FirstPrediction(
            () -> ManagementFactory.getRuntimeMXBean().getStartTime());
    private volatile InferenceLoop loop;

    private RunningPipeline(String id, PipelineConfig config, Inputs inputs) {
        this.id = id;
        this.health = new Health(id);
        this.sourceStats = new SourceStats(id);
        this.queue = new WindowQueue(config.queueCapacity(), config.overflow());
        this.stats = new PipelineStats(queue, id);
        this.input = new LiveInput(inputs, health, sourceStats, this::submit);
    }

    /**
     * Wires a pipeline (nothing runs yet).
     *
     * @param id the pipeline's id: its meters' {@code pipeline} tag, its inference thread's name
     * @param inputs opens the input when {@link #startInput} is called (shared board access)
     * @param onFatal hears an error that ended the inference thread
     */
    public static RunningPipeline assemble(String id, PipelineConfig config, ModelRunner model, PredictionSink sink,
            Inputs inputs, Consumer<Throwable> onFatal) {
        return assemble(id, config, model, sink, inputs, onFatal, null);
    }

    /**
     * @param anomaly the pipeline's anomaly scoring (its stage attached before inference starts), or
     *     null when the pipeline runs none
     */
    public static RunningPipeline assemble(String id, PipelineConfig config, ModelRunner model, PredictionSink sink,
            Inputs inputs, Consumer<Throwable> onFatal, AnomalyScoring anomaly) {
        RunningPipeline p = prepare(id, config, inputs);
        p.serve(model, sink, onFatal, anomaly);
        return p;
    }

    /** Wires the input and the queue; {@link #serve} adds the model. */
    static RunningPipeline prepare(String id, PipelineConfig config, Inputs inputs) {
        return new RunningPipeline(id, config, inputs);
    }

    /**
     * Puts {@code model} behind the queue (once): the windows queued so far are its first.
     *
     * @param model the classifier, or null for a pipeline that only detects anomalies
     * @param anomaly the pipeline's anomaly scoring, or null when the pipeline runs none
     */
    synchronized void serve(ModelRunner model, PredictionSink sink, Consumer<Throwable> onFatal,
            AnomalyScoring anomaly) {
        if (loop != null) {
            throw new IllegalStateException("pipeline " + id + " already serves");
        }
        PostProcessor post = model == null ? null : new PostProcessor(model.info().labels());
        InferenceLoop l = new InferenceLoop(queue, model, post, sink, stats,
                onFatal,
                threadName(id), anomaly);
        l.addObserver(first);
        loop = l;
    }

    private void submit(Window w) throws InterruptedException {
        stats.windowQueued();
        queue.put(w);
    }

    /** {@code edgeinfer-inference} for the single pipeline, as before; one named thread per pipeline otherwise. */
    private static String threadName(String id) {
        return PipelineSpec.DEFAULT_ID.equals(id) ? "edgeinfer-inference" : "edgeinfer-inference-" + id;
    }

    public String id() {
        return id;
    }

    /**
     * The classifier serving now: empty before {@link #serve}, and always for a pipeline that only
     * detects anomalies (its windows go to the anomaly stage alone).
     */
    public Optional<ModelRunner> classifier() {
        InferenceLoop l = loop;
        return l == null ? Optional.empty() : Optional.ofNullable(l.model());
    }

    /** The pipeline's anomaly scoring, or null when it runs none. */
    public AnomalyScoring anomaly() {
        return loop.anomaly();
    }

    void bindTo(MeterRegistry registry) {
        stats.bindTo(registry);
        if (loop.anomaly() != null) {
            loop.anomaly().bindTo(registry);
        }
        health.bindTo(registry);
        sourceStats.bindTo(registry);
    }

    /** Starts the inference thread (after {@link #serve}). */
    public void startInference() {
        loop.start();
    }

    /** Opens the input and starts acquisition; its windows go to the inference queue. */
    public void startInput(SourceConfig source, WindowConfig window) {
        input.start(source, window);
    }

    Health health() {
        return health;
    }

    SourceStats sourceStats() {
        return sourceStats;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** Null until {@link #serve}. */
    InferenceLoop loop() {
        return loop;
    }

    LiveInput input() {
        return input;
    }

    FirstPrediction firstPrediction() {
        return first;
    }

    /** Stops acquisition, then lets the inference thread finish what is queued. Idempotent. */
    @Override
    public void close() {
        input.close();
        InferenceLoop l = loop;
        if (l != null) {
            l.stop(DRAIN_MS);
        }
    }
}
