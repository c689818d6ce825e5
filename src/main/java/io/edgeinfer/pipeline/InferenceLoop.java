package io.edgeinfer.pipeline;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelOutput;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.PostProcessor.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot loop, on one named thread: take a window, run the model, classify, score it for anomalies
 * (when the pipeline runs a detector; a pipeline may run the detector alone, with no model), hand
 * on. A failed inference is counted and the loop goes on; an {@link Error} ends it and is reported,
 * because a daemon that silently stops inferring is worse than one that restarts.
 *
 * <p>The serving model can be replaced while the loop runs ({@link #swap}): the reference is swapped
 * between two windows and the caller gets the old runner back only once the window in progress has
 * finished with it, so no window is skipped, none runs twice, and each prediction names the model
 * that made it.
 */
public final class InferenceLoop {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceLoop.class);
    private static final long POLL_MS = 100;
    private static final int RECENT = 16;

    private final WindowQueue queue;
    private final AtomicReference<ModelRunner> model;
    /** The runner the inference thread is using right now (null between windows). */
    private final AtomicReference<ModelRunner> inUse = new AtomicReference<>();
    private final AtomicReferenceArray<Window> recent = new AtomicReferenceArray<>(RECENT);
    private final List<InferenceObserver> observers = new CopyOnWriteArrayList<>();
    private PostProcessor post;
    private ModelRunner postFor;
    private final PredictionSink sink;
    private final PipelineStats stats;
    private final AnomalyScoring anomaly;
    private final Consumer<Throwable> onFatal;
    private final String threadName;
    private volatile boolean running;
    private volatile long heartbeatNanos = System.nanoTime();
    /** {@link System#nanoTime} when the window in progress was taken up; 0 between windows. */
    private volatile long busySince;
    private Thread thread;
    private long seq;
    private long lastErrorLog;

    public InferenceLoop(WindowQueue queue, ModelRunner model, PostProcessor post, PredictionSink sink,
            PipelineStats stats, Consumer<Throwable> onFatal) {
        this(queue, model, post, sink, stats, onFatal, "edgeinfer-inference");
    }

    /** @param threadName the inference thread's name (one per pipeline, so a thread dump says whose it is) */
    public InferenceLoop(WindowQueue queue, ModelRunner model, PostProcessor post, PredictionSink sink,
            PipelineStats stats, Consumer<Throwable> onFatal, String threadName) {
        this(queue, model, post, sink, stats, onFatal, threadName, null);
    }

    /**
     * @param model the classifier, or null for a pipeline that only detects anomalies (never swapped)
     * @param post its post-processing, or null without a model
     * @param anomaly the pipeline's anomaly stage, scored after the classifier; null when it runs none
     */
    public InferenceLoop(WindowQueue queue, ModelRunner model, PostProcessor post, PredictionSink sink,
            PipelineStats stats, Consumer<Throwable> onFatal, String threadName, AnomalyScoring anomaly) {
        if (model == null && anomaly == null) {
            throw new IllegalArgumentException("a pipeline runs a model, an anomaly stage or both");
        }
        this.anomaly = anomaly;
        this.threadName = threadName;
        this.queue = queue;
        this.model = new AtomicReference<>(model);
        this.post = post;
        this.postFor = model;
        this.sink = sink;
        this.stats = stats;
        this.onFatal = onFatal;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::run, threadName);
        thread.start();
    }

    /** The producer side: queue a finished window. */
    public void submit(Window w) throws InterruptedException {
        stats.windowQueued();
        queue.put(w);
    }

    /** The classifier serving now; null for a pipeline without one. */
    public ModelRunner model() {
        return model.get();
    }

    /** The pipeline's anomaly stage, or null when it runs none. */
    public AnomalyScoring anomaly() {
        return anomaly;
    }

    /**
     * {@link System#nanoTime} when the loop last went round, idle polls included: it stops moving
     * only when the loop is stuck (in a prediction, or dead), which is what a watchdog asks.
     */
    public long heartbeatNanos() {
        return heartbeatNanos;
    }

    /**
     * How long the window in progress has been in the model so far (0 between windows): the part of
     * a stalled call that no finished window has accounted for yet.
     */
    public long inFlightNanos() {
        long since = busySince;
        return since == 0 ? 0 : Math.max(0, System.nanoTime() - since);
    }

    /**
     * Makes {@code next} serve from the next window on and returns the runner it replaces, once the
     * inference thread is done with it (the caller closes it). Never called on the inference thread.
     */
    public ModelRunner swap(ModelRunner next) {
        ModelRunner old = model.getAndSet(next);
        while (inUse.get() == old) {
            LockSupport.parkNanos(50_000);
        }
        return old;
    }

    public void addObserver(InferenceObserver o) {
        observers.add(o);
    }

    public void removeObserver(InferenceObserver o) {
        observers.remove(o);
    }

    /** The last few windows the sensor produced (oldest first): real inputs to validate a new model on. */
    public List<Window> recentWindows() {
        List<Window> out = new ArrayList<>(RECENT);
        for (int i = 0; i < RECENT; i++) {
            Window w = recent.get(i);
            if (w != null) {
                out.add(w);
            }
        }
        out.sort((a, b) -> Long.compare(a.index(), b.index()));
        return out;
    }

    private void run() {
        try {
            while (running) {
                heartbeatNanos = System.nanoTime();
                Window w = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (w != null) {
                    process(w);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.error("inference loop died: {}", t.toString(), t);
            onFatal.accept(t);
        }
    }

    private void process(Window w) {
        ModelRunner runner = acquire();
        long start = System.nanoTime();
        busySince = start;
        try {
            recent.set((int) (w.index() % RECENT), w);
            ModelOutput out;
            AnomalyResult a;
            try {
                out = runner == null ? null : checked(runner.predict(w), w);
                // After the classifier: a window it failed on is not scored either.
                a = anomaly == null ? null : anomaly.score(w);
            } catch (InferenceException e) {
                failed(runner, w, e, start);
                return;
            }
            if (out == null && a == null) {
                return; // no model, and the anomaly stage is being replaced: nothing to say about this window
            }
            Classification c = out == null ? null : postFor(runner).classify(out.logits());
            long done = System.nanoTime();
            Prediction p = new Prediction(seq++, w, runner == null ? null : runner.info(), c,
                    out == null ? 0 : out.preprocessNanos(), out == null ? done - start : out.inferenceNanos(),
                    start - w.readyNanos(), done - w.readyNanos(), a);
            handOn(p, start);
        } finally {
            busySince = 0;
            inUse.set(null);
        }
    }

    private void handOn(Prediction p, long start) {
        stats.recordInference(p);
        // "publish" is whatever the sink does on this thread (encode and enqueue, or append to an
        // outbox), measured here so it stays right whichever sink is plugged in.
        long handOff = System.nanoTime();
        sink.accept(p);
        long end = System.nanoTime();
        stats.recordPublish(end - handOff);
        stats.recordBusy(end - start);
        for (InferenceObserver o : observers) {
            o.inferred(p);
        }
    }

    /**
     * A NaN or an infinity is no answer: published, it would read as a label with confidence "NaN",
     * and the watch after a swap would count it as a success. It fails the window instead.
     */
    private static ModelOutput checked(ModelOutput out, Window w) throws InferenceException {
        String nonFinite = PostProcessor.nonFinite(out.logits());
        if (nonFinite != null) {
            throw new InferenceException("model output is not finite on window " + w.index() + ": " + nonFinite, null);
        }
        return out;
    }

    private void failed(ModelRunner runner, Window w, InferenceException e, long start) {
        stats.recordError();
        stats.recordBusy(System.nanoTime() - start);
        logRateLimited(e);
        for (InferenceObserver o : observers) {
            o.failed(runner == null ? null : runner.info(), w, e);
        }
    }

    /**
     * Publishes the runner about to be used, then checks it is still the serving one: a swap that
     * saw {@code inUse} empty may already have handed the old runner back for closing.
     */
    private ModelRunner acquire() {
        while (true) {
            ModelRunner r = model.get();
            inUse.set(r);
            if (model.get() == r) {
                return r;
            }
        }
    }

    /** Labels come with the runner: a swapped-in model may name them differently. */
    private PostProcessor postFor(ModelRunner runner) {
        if (runner != postFor) {
            post = new PostProcessor(runner.info().labels());
            postFor = runner;
        }
        return post;
    }

    private void logRateLimited(InferenceException e) {
        long now = System.nanoTime();
        if (now - lastErrorLog > TimeUnit.SECONDS.toNanos(10)) {
            lastErrorLog = now;
            LOG.warn("{} ({} errors so far)", e.getMessage(), stats.errorsTotal());
        }
    }

    /**
     * Stops after the window in progress (and whatever is still queued, within {@code drainMs}).
     * Idempotent.
     */
    public void stop(long drainMs) {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMs);
        while (queue.size() > 0 && System.nanoTime() < deadline && t.isAlive()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        try {
            t.join(Math.max(1000, drainMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
