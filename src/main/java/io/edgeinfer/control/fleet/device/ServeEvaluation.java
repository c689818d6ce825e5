package io.edgeinfer.control.fleet.device;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What each model a pipeline served recently did on this device: inference times and failures per
 * model (by sha256). Before a swap it holds the serving model's figures, the baseline the candidate
 * is judged against; after it, the candidate's. Always attached to the pipeline's loop: recording a
 * window costs a histogram entry under a lock the agent holds only to read.
 */
final class ServeEvaluation implements InferenceObserver {
    private static final int MODELS = 4;

    private final Map<String, Figures> bySha = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Figures> eldest) {
            return size() > MODELS;
        }
    };

    /** One model's figures. */
    static final class Figures {
        final Latencies latencies = new Latencies();
        long failed;

        long windows() {
            return latencies.count() + failed;
        }
    }

    @Override
    public synchronized void inferred(Prediction p) {
        bySha.computeIfAbsent(p.model().sha256(), k -> new Figures()).latencies.record(p.inferenceNanos());
    }

    @Override
    public synchronized void failed(ModelInfo model, Window w) {
        bySha.computeIfAbsent(model.sha256(), k -> new Figures()).failed++;
    }

    /** Runs {@code read} on the figures of {@code sha256} (empty ones if it has not served), under the lock. */
    synchronized <T> T read(String sha256, Function<Figures, T> read) {
        return read.apply(bySha.getOrDefault(sha256, new Figures()));
    }

    /** Forgets what {@code sha256} did: it is judged afresh from now on. */
    synchronized void restart(String sha256) {
        bySha.remove(sha256);
    }
}
