package io.edgeinfer.pipeline;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes once the first window has been inferred and handed on: systemd's readiness and the
 * start-up timeline wait for it. Logs how long that took after the process started.
 */
public final class FirstPrediction implements InferenceObserver {
    private static final Logger LOG = LoggerFactory.getLogger(FirstPrediction.class);

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final LongSupplier processStartMs;

    /** @param processStartMs when the process started, epoch ms (the JVM's start time) */
    public FirstPrediction(LongSupplier processStartMs) {
        this.processStartMs = processStartMs;
    }

    @Override
    public void inferred(Prediction p) {
        if (!done.isDone()) {
            LOG.info("first prediction {} ms after JVM start", System.currentTimeMillis() - processStartMs.getAsLong());
            done.complete(null);
        }
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // Only a prediction counts: a daemon whose model fails on every window is not ready.
    }

    public CompletableFuture<Void> future() {
        return done;
    }
}
