package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.ModelConfig;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The model a daemon starts with, loading on its own thread while the composition root starts the
 * broker and opens the outbox: the PyTorch engine and the model are the longest part of a start, and
 * neither needs the other. Nothing may be published before {@link #await} has returned the checked
 * model, so a bad model still fails the start before anything goes out.
 */
final class BootModel implements AutoCloseable {
    /** The checked model and the loader every later model goes through. */
    record Loaded(ModelRunner runner, ModelLoading loading, long millis) {}

    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();
    private volatile boolean taken;

    private BootModel() {}

    /** Starts loading the config's model on the thread {@code edgeinfer-model-load}. */
    static BootModel load(DaemonConfig config, StartupTimeline timeline) {
        BootModel b = new BootModel();
        Thread t = new Thread(() -> b.run(config, timeline), "edgeinfer-model-load");
        t.setDaemon(true);
        t.start();
        return b;
    }

    /** Loads and checks the config's model on the calling thread. */
    static Loaded loadHere(DaemonConfig config, StartupTimeline timeline) throws ConfigException {
        long t0 = System.nanoTime();
        ModelConfig m = config.model();
        ModelLoading loading = ModelLoading.start(m);
        timeline.mark("PyTorch engine started");
        try {
            ModelRunner runner = loading.load(m.path(), m.name(), m.version(), m.labels(),
                    config.source().inputDims(config.window()), config.source().inputDimsFrom());
            timeline.mark("model loaded and checked");
            return new Loaded(runner, loading, (System.nanoTime() - t0) / 1_000_000);
        } catch (ModelLoadException e) {
            throw new ConfigException(e.key(), e.getMessage());
        }
    }

    private void run(DaemonConfig config, StartupTimeline timeline) {
        try {
            loaded.complete(loadHere(config, timeline));
        } catch (Throwable e) {
            loaded.completeExceptionally(e);
        }
    }

    /**
     * Waits for the model.
     *
     * @throws ConfigException when it does not fit the config (missing, corrupt, wrong shape)
     */
    Loaded await() throws ConfigException {
        try {
            Loaded l = loaded.get();
            taken = true;
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the model loads", e);
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

    /** After a start that failed before taking the model: closes it whenever it arrives. Idempotent. */
    @Override
    public void close() {
        if (!taken) {
            loaded.thenAccept(l -> l.runner().close());
        }
    }
}
