package io.edgeinfer.mqtt;

import io.edgeinfer.config.PublishConfig;
import io.edgeinfer.outbox.Outbox;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Builds a pipeline's {@link PublishingSink} for its {@code publish} section; one place for the daemon and the benches. */
public final class PublishModes {
    private PublishModes() {
    }

    /**
     * @param topic where the pipeline's predictions go
     * @param publisher the daemon's publishing thread ({@link #newPublisherThread}), for batches
     */
    public static PublishingSink sink(PublishConfig config, Outbox outbox, String topic, String bootId, String pipeline,
            ScheduledExecutorService publisher, Clock clock) {
        return switch (config.mode()) {
            case EVERY -> new PredictionPublisher(outbox, topic, bootId, pipeline);
            case ON_CHANGE -> new OnChangePublisher(outbox, topic, bootId, pipeline, config.deadband(), config
                    .heartbeatS(),
                    System::nanoTime);
            case BATCH -> new BatchPublisher(outbox, topic, bootId, pipeline, config.maxBatch(), config.lingerMs(),
                    publisher, clock);
        };
    }

    /**
     * The one thread a daemon encodes batches and runs their linger timers on ({@code
     * edgeinfer-publish}): one for all pipelines, so each pipeline's batches reach the outbox in order.
     * Shut it down after the pipelines' sinks are closed.
     */
    public static ScheduledExecutorService newPublisherThread() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "edgeinfer-publish");
            t.setDaemon(true);
            return t;
        });
        // A batch that fills up cancels its linger timer: keep the queue to what is still due.
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
