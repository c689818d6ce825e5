package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.ModelConfig;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.SharedModels;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The models a daemon starts with (one per pipeline), loading on their own thread while the
 * composition root starts the inputs, the broker and the outbox: the PyTorch engine and the models
 * are the longest part of a start, and neither needs the other. Nothing may be published before
 * {@link #await} has returned the checked models, so a bad model still fails the start before
 * anything goes out.
 */
final class BootModel implements AutoCloseable {
    /**
     * The checked classifiers by pipeline id (none for a pipeline that only detects anomalies), and
     * the loader every later model goes through: null when no pipeline has a classifier, since then
     * no model is ever swapped in and the PyTorch engine need not start.
     */
    record Loaded(Map<String, ModelRunner> runners, ModelLoading loading) {
    }

    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();
    private volatile boolean taken;

    private BootModel() {
    }

    /** Starts loading the config's models on the thread {@code edgeinfer-model-load}. */
    static BootModel load(DaemonConfig config, SharedModels shared, StartupTimeline timeline) {
        BootModel b = new BootModel();
        Thread t = new Thread(() -> b.run(config, shared, timeline), "edgeinfer-model-load");
        t.setDaemon(true);
        t.start();
        return b;
    }

    /** Loads and checks the config's models on the calling thread; on failure the loaded ones are closed. */
    static Loaded loadHere(DaemonConfig config, SharedModels shared, StartupTimeline timeline) throws ConfigException {
        Optional<ModelConfig> first = config.firstModel();
        if (first.isEmpty()) {
            // An autoencoder detector still loads through DJL: offline, from the natives folder the
            // start-up gate checked, on one thread (model.threads' default).
            DjlEngine.configure(config.nativeCacheDir(System.getenv()), 1);
            timeline.mark("no classifier to load");
            return new Loaded(Map.of(), null);
        }
        ModelLoading loading = ModelLoading.start(first.get());
        timeline.mark("PyTorch engine started");
        Map<String, ModelRunner> runners = Pipelines.loadModels(config, shared, loading);
        timeline.mark("models loaded and checked");
        return new Loaded(runners, loading);
    }

    private void run(DaemonConfig config, SharedModels shared, StartupTimeline timeline) {
        try {
            loaded.complete(loadHere(config, shared, timeline));
        } catch (Throwable e) {
            loaded.completeExceptionally(e);
        }
    }

    /**
     * Waits for the models.
     *
     * @throws ConfigException when one does not fit the config (missing, corrupt, wrong shape, another engine)
     */
    Loaded await() throws ConfigException {
        try {
            Loaded l = loaded.get();
            taken = true;
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the models load", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException c) {
                throw c;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** After a start that failed before taking the models: closes them whenever they arrive. Idempotent. */
    @Override
    public void close() {
        if (!taken) {
            loaded.thenAccept(l -> l.runners().values().forEach(ModelRunner::close));
        }
    }
}
