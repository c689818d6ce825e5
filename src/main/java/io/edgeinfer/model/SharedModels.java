package io.edgeinfer.model;

import ai.djl.repository.zoo.ZooModel;
import java.util.HashMap;
import java.util.Map;

/**
 * Loaded TorchScript modules by their bytes' SHA-256, so that pipelines serving the same model file
 * hold one copy of its weights. DJL's model is safe to share between threads; its predictors are
 * not, so each runner keeps a predictor (and a translator) of its own on the shared module
 * ({@code SharedModelsTest} runs two threads on one module against two separate loads). The module
 * closes when its last runner does.
 */
public final class SharedModels {
    private final Map<String, Entry> bySha = new HashMap<>();

    private static final class Entry {
        final ZooModel<Window, float[]> model;
        int users;

        Entry(ZooModel<Window, float[]> model) {
            this.model = model;
        }
    }

    /** Loads a module the first time its bytes are asked for. */
    @FunctionalInterface
    interface Loader {
        ZooModel<Window, float[]> load() throws ModelLoadException;
    }

    /** One runner's hold on a shared module; closing it releases the module. */
    final class Lease implements AutoCloseable {
        private final String sha256;
        private final ZooModel<Window, float[]> model;
        private boolean closed;

        private Lease(String sha256, ZooModel<Window, float[]> model) {
            this.sha256 = sha256;
            this.model = model;
        }

        ZooModel<Window, float[]> model() {
            return model;
        }

        /** Idempotent. */
        @Override
        public void close() {
            synchronized (SharedModels.this) {
                if (closed) {
                    return;
                }
                closed = true;
                release(sha256);
            }
        }
    }

    synchronized Lease acquire(String sha256, Loader loader) throws ModelLoadException {
        Entry e = bySha.get(sha256);
        if (e == null) {
            e = new Entry(loader.load());
            bySha.put(sha256, e);
        }
        e.users++;
        return new Lease(sha256, e.model);
    }

    /** Modules loaded now (a file served by two pipelines counts once). */
    public synchronized int loaded() {
        return bySha.size();
    }

    private void release(String sha256) {
        Entry e = bySha.get(sha256);
        if (e != null && --e.users == 0) {
            bySha.remove(sha256);
            e.model.close();
        }
    }
}
