package io.edgeinfer.app;

import io.edgeinfer.capture.AnomalyCapture;
import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.ModelConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.PipelineHandle;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.SharedModels;
import io.edgeinfer.mqtt.AnomalyEvents;
import io.edgeinfer.mqtt.PublishModes;
import io.edgeinfer.mqtt.PublishingSink;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.AnomalyScoring;
import io.edgeinfer.telemetry.PipelineFeed;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every pipeline of a daemon, in config order: one process, one libtorch, one broker connection and
 * one outbox for all of them, and for each its own input, queue, inference thread, model and health.
 * A model file served by several pipelines is loaded once ({@link SharedModels}).
 */
final class Pipelines implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipelines.class);

    private final List<RunningPipeline> list;
    /** Each pipeline's publishing mode in front of the outbox, closed after its inference thread; none before {@link #serve}. */
    private volatile List<PublishingSink> sinks = List.of();

    private Pipelines(List<RunningPipeline> list) {
        this.list = List.copyOf(list);
    }

    /**
     * The classifiers of {@code config}'s pipelines by pipeline id, loaded and checked, each on the
     * quantized engine its manifest names ({@code loading}); a pipeline without one (anomaly detection
     * only) has no entry. On failure the loaded ones are closed.
     */
    static Map<String, ModelRunner> loadModels(DaemonConfig config, SharedModels shared, ModelLoading loading)
            throws ConfigException {
        Map<String, ModelRunner> models = new LinkedHashMap<>();
        try {
            for (PipelineSpec p : config.pipelines()) {
                if (!p.hasModel()) {
                    LOG.info("pipeline {}: no classifier, anomaly detection only", p.id());
                    continue;
                }
                long t0 = System.nanoTime();
                ModelRunner m = loadModel(p, shared, config.named() ? "pipelines[" + p.id() + "]." : "", loading);
                models.put(p.id(), m);
                LOG.info("pipeline {}: model {} {} loaded ({} bytes, sha256 {}) in {} ms", p.id(), m.info().name(),
                        m.info().version(), m.info().sizeBytes(), m.info().sha256(), (System.nanoTime() - t0)
                                / 1_000_000);
            }
        } catch (ConfigException | RuntimeException e) {
            models.values().forEach(ModelRunner::close);
            throw e;
        }
        return models;
    }

    /**
     * Loads and checks a pipeline's classifier the way the daemon does ({@code p} has one). Caller
     * closes the runner.
     *
     * @param keyPrefix how the pipeline's keys are written in the file (empty for a single-pipeline file)
     */
    static ModelRunner loadModel(PipelineSpec p, SharedModels shared, String keyPrefix, ModelLoading loading)
            throws ConfigException {
        ModelConfig m = p.model();
        DjlEngine.configure(m.cacheDir(), m.threads());
        try {
            return loading.load(m.path(), m.name(), m.version(), m.labels(), p.source().inputDims(p.window()),
                    p.source().inputDimsFrom(), shared);
        } catch (ModelLoadException e) {
            throw new ConfigException(keyPrefix + e.key(), e.getMessage());
        }
    }

    /**
     * Wires one pipeline per spec without its model (nothing runs yet): their inputs may start and
     * queue windows while the models load; {@link #serve} adds them.
     */
    static Pipelines prepare(DaemonConfig config, Inputs inputs) {
        List<RunningPipeline> list = new ArrayList<>();
        for (PipelineSpec p : config.pipelines()) {
            list.add(RunningPipeline.prepare(p.id(), p.queue(), inputs));
        }
        return new Pipelines(list);
    }

    /**
     * Puts each pipeline's classifier (by pipeline id; none for a pipeline that only detects anomalies)
     * and anomaly scoring behind its queue, each publishing through {@code outbox} in its
     * {@code publish.mode}.
     *
     * @param publisher the daemon's publishing thread (batches); shut down after {@link #close}
     */
    synchronized void serve(DaemonConfig config, Map<String, ModelRunner> models, Outbox outbox, Topics topics,
            String bootId,
            Consumer<Throwable> onFatal, ScheduledExecutorService publisher, Clock clock) {
        List<PublishingSink> made = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            PipelineSpec p = config.pipelines().get(i);
            PublishingSink sink = PublishModes.sink(p.publish(), outbox, topics.predictions(p.id(), config.named()),
                    bootId,
                    p.id(), publisher, clock);
            made.add(sink);
            AnomalyScoring anomaly = p.anomaly().enabled() ? new AnomalyScoring(p.id()) : null;
            list.get(i).serve(models.get(p.id()), sink, onFatal, anomaly);
        }
        sinks = List.copyOf(made);
    }

    List<RunningPipeline> all() {
        return list;
    }

    RunningPipeline first() {
        return list.get(0);
    }

    Optional<RunningPipeline> byId(String id) {
        return list.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Each pipeline's input, by id: what a config change restarts. */
    Map<String, LiveInput> inputs() {
        Map<String, LiveInput> out = new LinkedHashMap<>();
        list.forEach(p -> out.put(p.id(), p.input()));
        return out;
    }

    void bindTo(MeterRegistry registry) {
        list.forEach(p -> p.bindTo(registry));
    }

    /**
     * Raises and clears each pipeline's anomaly alarm on its retained topic, through {@code outbox},
     * and tells {@code listener} when any stage's phase or alarm changes (on the inference thread).
     */
    void watchAnomalies(Outbox outbox, Topics topics, boolean named, String bootId, Clock clock,
            Runnable listener) {
        for (RunningPipeline p : list) {
            if (p.anomaly() != null) {
                p.loop().addObserver(new AnomalyEvents(outbox, topics.anomaly(p.id(), named), p.id(), bootId, clock));
                p.anomaly().onChange(listener);
            }
        }
    }

    /** Hands each window an anomaly stage scores above its threshold to its pipeline's capture, if it captures. */
    void captureAnomalies(Captures captures) {
        for (RunningPipeline p : list) {
            PipelineCapture c = captures.of(p.id());
            if (p.anomaly() != null && c != null) {
                p.loop().addObserver(new AnomalyCapture(c.trigger()));
            }
        }
    }

    /** Tells {@code listener} of every health change of any pipeline. */
    void onHealthChange(Runnable listener) {
        list.forEach(p -> p.health().onChange(h -> listener.run()));
    }

    /** After {@link #serve}. */
    /** The pipelines' ids, in config order. */
    List<String> ids() {
        return all().stream().map(RunningPipeline::id).toList();
    }

    /** What remote control acts on, one handle per pipeline. */
    List<PipelineHandle> handles() {
        return all().stream().map(p -> new PipelineHandle(p.id(), p.loop(), p.stats(), p.health())).toList();
    }

    /** One line per pipeline: its source, window and where its predictions go. */
    static void logRunning(DaemonConfig config, Topics topics) {
        for (PipelineSpec p : config.pipelines()) {
            LOG.info("pipeline {}: source {} at {} Hz, window {}/{}, predictions on {}", p.id(),
                    p.source().getClass().getSimpleName(), p.source().rateHz(), p.window().size(), p.window().hop(),
                    topics.predictions(p.id(), config.named()));
        }
    }

    void startInference() {
        list.forEach(RunningPipeline::startInference);
    }

    void startInputs(DaemonConfig config) {
        for (RunningPipeline p : list) {
            PipelineSpec spec = config.pipeline(p.id()).orElseThrow();
            p.startInput(spec.source(), spec.window());
        }
    }

    /** What telemetry reads of each pipeline, its capture's figures where it captures. */
    List<PipelineFeed> feeds(Captures captures) {
        return list.stream().map(p -> new PipelineFeed(p.id(), p.stats(), () -> p.classifier().map(ModelRunner::info)
                .orElse(null),
                () -> p.sourceStats().snapshot(p.health()), captures.figures(p.id()),
                p.anomaly() == null ? null : p.anomaly()::last)).toList();
    }

    /** The oldest heartbeat of all inference threads: it stops moving when any of them is stuck. */
    long heartbeatNanos() {
        long oldest = list.get(0).loop().heartbeatNanos();
        for (RunningPipeline p : list) {
            long h = p.loop().heartbeatNanos();
            if (h - oldest < 0) {
                oldest = h;
            }
        }
        return oldest;
    }

    long inferencesTotal() {
        return list.stream().mapToLong(p -> p.stats().inferencesTotal()).sum();
    }

    long droppedTotal() {
        return list.stream().mapToLong(p -> p.stats().droppedTotal()).sum();
    }

    /**
     * Completes with the first prediction of any pipeline: a gated input may stay quiet for hours, and
     * readiness must not wait for it.
     */
    CompletableFuture<Void> firstPrediction() {
        return CompletableFuture.anyOf(list.stream().map(p -> p.firstPrediction().future())
                .toArray(CompletableFuture[]::new)).thenApply(x -> null);
    }

    /**
     * Stops every input first, then lets every inference thread finish what is queued (the threads
     * drain side by side, not one after another), then hands what the publishing modes hold (a
     * batch, a suppressed last prediction) to the outbox. Idempotent.
     */
    @Override
    public void close() {
        list.forEach(p -> p.input().close());
        list.forEach(RunningPipeline::close);
        sinks.forEach(PublishingSink::close);
    }
}
