package io.edgeinfer.app;

import io.edgeinfer.config.PipelineConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.model.ModelRunner;
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
import java.util.function.Consumer;

/**
 * One pipeline of a running daemon: its input, the bounded queue, the inference thread with its
 * model, and the sink predictions go to; with its own health, input counters and pipeline meters.
 * {@link #assemble} is the one place these are wired, for the daemon and for the benches.
 */
public final class RunningPipeline implements AutoCloseable {
    /** How long a stop lets the inference thread finish what is queued. */
    static final long DRAIN_MS = 1500;

    private final String id;
    private final Health health;
    private final SourceStats sourceStats;
    private final PipelineStats stats;
    private final InferenceLoop loop;
    private final LiveInput input;
    private final FirstPrediction first = new FirstPrediction(
            () -> ManagementFactory.getRuntimeMXBean().getStartTime());

    private RunningPipeline(String id, Health health, SourceStats sourceStats, PipelineStats stats, InferenceLoop loop,
            LiveInput input) {
        this.id = id;
        this.health = health;
        this.sourceStats = sourceStats;
        this.stats = stats;
        this.loop = loop;
        this.input = input;
        loop.addObserver(first);
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
        WindowQueue queue = new WindowQueue(config.queueCapacity(), config.overflow());
        PipelineStats stats = new PipelineStats(queue, id);
        InferenceLoop loop = new InferenceLoop(queue, model, new PostProcessor(model.info().labels()), sink, stats,
                onFatal, threadName(id), anomaly);
        Health health = new Health(id);
        SourceStats sourceStats = new SourceStats(id);
        return new RunningPipeline(id, health, sourceStats, stats, loop,
                new LiveInput(inputs, health, sourceStats, loop::submit));
    }

    /** {@code edgeinfer-inference} for the single pipeline, as before; one named thread per pipeline otherwise. */
    private static String threadName(String id) {
        return PipelineSpec.DEFAULT_ID.equals(id) ? "edgeinfer-inference" : "edgeinfer-inference-" + id;
    }

    public String id() {
        return id;
    }

    /** The model serving now. */
    public ModelRunner model() {
        return loop.model();
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

    /** Starts the inference thread. */
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
        loop.stop(DRAIN_MS);
    }
}
