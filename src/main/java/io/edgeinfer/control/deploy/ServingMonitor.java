package io.edgeinfer.control.deploy;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.sensor.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The light watch that never ends: whatever model serves (the one the daemon started with too) is
 * judged over the last {@value #SPAN_S} s, every half second. While it fails on more than
 * {@code control.rollback.max_error_rate} of its windows (it raises, or gives NaN or infinity), or
 * falls behind the windows, the device's health is degraded with the reason (the retained
 * {@code status} says so, and {@code edgeinfer_health_degraded} is 1); it recovers by itself. It
 * rolls nothing back: after the health watch of a swap, the daemon cannot tell a bad model from a
 * changed input or host, so it says what it sees and leaves the decision to {@code cmd/rollback}.
 * The health watch of a fresh swap takes its verdict from here too.
 */
public final class ServingMonitor implements InferenceObserver, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingMonitor.class);
    static final int SPAN_S = 10;
    private static final long SPAN_NANOS = TimeUnit.SECONDS.toNanos(SPAN_S);
    private static final String COMPONENT = "model";

    /** What is wrong with the serving model, if anything. */
    public enum Problem {
        NONE, FAILING, BEHIND
    }

    /** The verdict on the model with {@code sha256}; the reason is null when there is no problem. */
    public record Assessment(String sha256, Problem problem, String reason) {
        static Assessment ok(String sha256) {
            return new Assessment(sha256, Problem.NONE, null);
        }

        public boolean ok() {
            return problem == Problem.NONE;
        }
    }

    private final Supplier<Throughput> sampler;
    private final Supplier<ModelInfo> serving;
    private final Health health;
    private final DoubleSupplier maxErrorRate;
    /** Oldest first; the first is the newest one at least a span old. Touched by {@link #run} only. */
    private final List<Throughput> samples = new ArrayList<>();
    private volatile Assessment assessment = Assessment.ok("");
    private volatile String lastError;

    /**
     * @param sampler the pipeline's counters now
     * @param serving the model serving now
     * @param maxErrorRate {@code control.rollback.max_error_rate}, as configured now
     */
    ServingMonitor(Supplier<Throughput> sampler, Supplier<ModelInfo> serving, Health health,
            DoubleSupplier maxErrorRate) {
        this.sampler = sampler;
        this.serving = serving;
        this.health = health;
        this.maxErrorRate = maxErrorRate;
    }

    /** Watches the model {@code loop} serves through the pipeline's counters. */
    public static ServingMonitor of(InferenceLoop loop, PipelineStats stats, Health health,
            DoubleSupplier maxErrorRate) {
        return new ServingMonitor(() -> Throughput.of(stats, loop), () -> loop.model().info(), health, maxErrorRate);
    }

    /** The verdict on the serving model as of the last check. */
    public Assessment assessment() {
        return assessment;
    }

    @Override
    public void inferred(Prediction p) {
        // counted by the pipeline's stats, which this reads
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // the reason arrives through the three-argument call
    }

    @Override
    public void failed(ModelInfo model, Window w, InferenceException cause) {
        lastError = cause.getMessage();
    }

    /** One check; every half second, on a thread that a long command does not hold up. */
    @Override
    public void run() {
        Throughput now = sampler.get();
        ModelInfo model = serving.get();
        if (!model.sha256().equals(assessment.sha256())) {
            samples.clear();
            judged(model, Assessment.ok(model.sha256()));
        }
        samples.add(now);
        while (samples.size() > 1 && now.nanos() - samples.get(1).nanos() >= SPAN_NANOS) {
            samples.remove(0);
        }
        Throughput from = samples.get(0);
        if (now.nanos() - from.nanos() < SPAN_NANOS / 2) {
            return;
        }
        String failing = now.failingSince(from, maxErrorRate.getAsDouble(), lastError);
        String behind = failing == null ? now.behindSince(from) : null;
        Problem p = failing != null ? Problem.FAILING : behind != null ? Problem.BEHIND : Problem.NONE;
        if (p != assessment.problem()) {
            String what = p == Problem.FAILING ? failing : behind;
            judged(model, p == Problem.NONE
                    ? Assessment.ok(model.sha256())
                    : new Assessment(model.sha256(), p, "model " + model.name() + " " + model.version() + " " + what));
        }
    }

    /** A new verdict; the health (and so the retained status) changes only with the kind of problem, not its figures. */
    private void judged(ModelInfo model, Assessment a) {
        Assessment before = assessment;
        assessment = a;
        if (a.ok()) {
            health.ok(COMPONENT);
            if (!before.ok()) {
                LOG.info("model {} {} serves normally again", model.name(), model.version());
            }
        } else {
            health.degraded(COMPONENT, a.reason());
            LOG.warn("{}", a.reason());
        }
    }
}
