package io.edgeinfer.pipeline;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.AnomalyStage;
import io.edgeinfer.anomaly.AnomalyStatus;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.Window;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * A pipeline's anomaly stage as the inference loop calls it, after the classifier or alone. It keeps
 * the last result for the meters, status and telemetry, and tells listeners when the stage's phase
 * or alarm changes (the retained status is published again then). A config change replaces the
 * stage between two windows: {@link #detach} hands the old one back once the inference thread is
 * done with it, so its baseline files are closed before the new stage opens them.
 *
 * <p>Threads: {@link #score} on the inference thread only; everything else from any thread.
 */
public final class AnomalyScoring implements MeterBinder {
    private final Tags tags;
    private final AtomicReference<AnomalyStage> stage = new AtomicReference<>();
    /** The stage the inference thread is scoring with right now (null between windows). */
    private final AtomicReference<AnomalyStage> inUse = new AtomicReference<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile AnomalyResult last;
    private volatile MeterRegistry registry;
    private boolean bound;
    private String lastPhase;
    private boolean lastAlarm;

    /** @param pipeline the pipeline's id: the meters' {@code pipeline} tag */
    public AnomalyScoring(String pipeline) {
        this.tags = Tags.of("pipeline", pipeline);
    }

    /** True while a stage runs (the pipeline's {@code anomaly.enabled}). */
    public boolean enabled() {
        return stage.get() != null;
    }

    /**
     * Scores {@code w} with the current stage; null when there is none. Inference thread only.
     *
     * @throws InferenceException when the autoencoder fails on the window
     */
    AnomalyResult score(Window w) throws InferenceException {
        AnomalyStage s = acquire();
        if (s == null) {
            return null;
        }
        try {
            AnomalyResult r = s.score(w);
            last = r;
            noticeChange(s.status());
            return r;
        } finally {
            inUse.set(null);
        }
    }

    /** Publishes the stage about to be used, then checks it is still the current one (as the model swap does). */
    private AnomalyStage acquire() {
        while (true) {
            AnomalyStage s = stage.get();
            inUse.set(s);
            if (stage.get() == s) {
                return s;
            }
        }
    }

    private void noticeChange(AnomalyStatus status) {
        if (!status.phase().equals(lastPhase) || status.alarm() != lastAlarm) {
            lastPhase = status.phase();
            lastAlarm = status.alarm();
            listeners.forEach(Runnable::run);
        }
    }

    /** Starts scoring with {@code next} from the next window on (after {@link #detach}, or at start). */
    public void attach(AnomalyStage next) {
        Objects.requireNonNull(next, "next");
        if (!stage.compareAndSet(null, next)) {
            throw new IllegalStateException("a stage is attached already: detach it first");
        }
        bindIfEnabled();
    }

    /**
     * Stops scoring and returns the stage, once the inference thread is done with it (the caller
     * closes it); null when none was attached. Never on the inference thread.
     */
    public AnomalyStage detach() {
        AnomalyStage old = stage.getAndSet(null);
        while (old != null && inUse.get() == old) {
            LockSupport.parkNanos(50_000);
        }
        last = null;
        return old;
    }

    /** The current stage's state, or null without one. Any thread. */
    public AnomalyStatus status() {
        AnomalyStage s = stage.get();
        return s == null ? null : s.status();
    }

    /** The result of the last window scored, or null (none yet, or no stage). */
    public AnomalyResult last() {
        return last;
    }

    /** {@link AnomalyStage#relearn}; false without a stage or a detector. */
    public boolean relearn() {
        AnomalyStage s = stage.get();
        return s != null && s.relearn();
    }

    /** {@link AnomalyStage#accept}; false without a stage, or while it cannot accept. */
    public boolean accept() {
        AnomalyStage s = stage.get();
        return s != null && s.accept();
    }

    /** Hears a change of the stage's phase or alarm, on the inference thread: it must return at once. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * {@code edgeinfer.anomaly.score}, {@code .threshold}, {@code .alarm} and
     * {@code edgeinfer.severity.velocity.rms.mm.s} of the last window, labelled by pipeline; registered
     * once a stage is attached (NaN while nothing is known).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        bindIfEnabled();
    }

    private synchronized void bindIfEnabled() {
        MeterRegistry r = registry;
        if (r == null || bound || stage.get() == null) {
            return;
        }
        bound = true;
        gauge(r, "edgeinfer.anomaly.score", "The detector's score of the last window (NaN while learning)",
                a -> a.score() == null ? Double.NaN : a.score());
        gauge(r, "edgeinfer.anomaly.threshold", "The score an alarm-worthy window exceeds (NaN before a baseline)",
                a -> a.threshold() == null ? Double.NaN : a.threshold());
        gauge(r, "edgeinfer.anomaly.alarm", "1 while the anomaly alarm is raised", a -> a.alarm() ? 1 : 0);
        gauge(r, "edgeinfer.anomaly.learning", "1 while the detector learns or folds in an accepted condition",
                a -> a.state() == AnomalyResult.State.LEARNING ? 1 : 0);
        gauge(r, "edgeinfer.severity.velocity.rms.mm.s",
                "ISO 20816-3 velocity r.m.s. of the last window, worst channel",
                a -> a.severity() == null ? Double.NaN : a.severity().velocityRmsMmS());
    }

    private void gauge(MeterRegistry r, String name, String help, ToDoubleFunction<AnomalyResult> of) {
        Gauge.builder(name, this, s -> {
            AnomalyResult a = s.last;
            return a == null ? Double.NaN : of.applyAsDouble(a);
        }).description(help).tags(tags).register(r);
    }
}
