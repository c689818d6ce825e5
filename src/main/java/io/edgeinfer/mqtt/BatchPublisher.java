package io.edgeinfer.mqtt;

import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.Prediction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code publish.mode: batch}: predictions are collected, and published as one message of up to
 * {@code publish.max_batch} predictions once the batch is full or its first prediction has waited
 * {@code publish.linger_ms}. The inference thread only adds to the batch (under a lock held for a
 * list operation); the batch is encoded and appended to the outbox on the daemon's publishing
 * thread, which also runs the linger timers, so batches reach the outbox in order. A batch is one
 * outbox record: durable, replayed and acknowledged as a whole.
 *
 * <p>A batch whose JSON would exceed {@link #MAX_MESSAGE_BYTES} is split in halves until each part
 * fits, so a large {@code max_batch} of a many-label model never makes a message some broker refuses
 * (the embedded one takes about 1 MiB, AWS IoT 128 KiB).
 */
public final class BatchPublisher implements PublishingSink {
    /** The largest batch message, bytes. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(BatchPublisher.class);
    private static final long CLOSE_WAIT_S = 10;

    private final Outbox outbox;
    private final String topic;
    private final String bootId;
    private final String pipeline;
    private final int maxBatch;
    private final long lingerMs;
    private final ScheduledExecutorService publisher;
    private final Clock clock;

    private final Object lock = new Object();
    private List<Prediction> pending;
    /** Numbers the batches, so a linger timer that fires after its batch went out full does nothing. */
    private long generation;
    private ScheduledFuture<?> linger;
    private boolean closed;

    /** @param publisher the daemon's publishing thread: encodes, appends, and runs the linger timers */
    public BatchPublisher(Outbox outbox, String topic, String bootId, String pipeline, int maxBatch, long lingerMs,
            ScheduledExecutorService publisher, Clock clock) {
        this.outbox = outbox;
        this.topic = topic;
        this.bootId = bootId;
        this.pipeline = pipeline;
        this.maxBatch = maxBatch;
        this.lingerMs = lingerMs;
        this.publisher = publisher;
        this.clock = clock;
        this.pending = new ArrayList<>(maxBatch);
    }

    @Override
    public void accept(Prediction p) {
        List<Prediction> full = null;
        synchronized (lock) {
            if (closed) {
                // A window that finished after a stop gave up waiting for it: still delivered.
                write(List.of(p));
                return;
            }
            pending.add(p);
            if (pending.size() >= maxBatch) {
                full = take();
            } else if (pending.size() == 1) {
                long gen = generation;
                linger = publisher.schedule(() -> lingered(gen), lingerMs, TimeUnit.MILLISECONDS);
            }
        }
        if (full != null) {
            List<Prediction> batch = full;
            publisher.execute(() -> write(batch));
        }
    }

    /** The batch so far, and a fresh one; under the lock. */
    private List<Prediction> take() {
        List<Prediction> out = pending;
        pending = new ArrayList<>(maxBatch);
        generation++;
        if (linger != null) {
            linger.cancel(false);
            linger = null;
        }
        return out;
    }

    /** On the publishing thread: the batch's first prediction has waited long enough. */
    private void lingered(long gen) {
        List<Prediction> batch;
        synchronized (lock) {
            if (gen != generation || pending.isEmpty()) {
                return;
            }
            batch = take();
        }
        write(batch);
    }

    private void write(List<Prediction> batch) {
        try {
            List<PredictionMessage> messages = new ArrayList<>(batch.size());
            for (Prediction p : batch) {
                messages.add(PredictionMessage.of(p, bootId, pipeline));
            }
            append(messages);
        } catch (RuntimeException e) {
            // The outbox counts what it cannot keep; a batch lost here would be a silent gap.
            LOG.error("pipeline {}: a batch of {} predictions could not be handed to the outbox: {}", pipeline,
                    batch.size(), e.toString());
        }
    }

    private void append(List<PredictionMessage> messages) {
        byte[] json = Json.encode(PredictionBatch.of(pipeline, bootId, clock.millis(), messages));
        if (json.length > MAX_MESSAGE_BYTES && messages.size() > 1) {
            int half = messages.size() / 2;
            append(messages.subList(0, half));
            append(messages.subList(half, messages.size()));
            return;
        }
        outbox.append(topic, json);
    }

    /** Publishes what is pending (on the publishing thread, after every batch before it) and waits for it. */
    @Override
    public void close() {
        List<Prediction> rest;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            rest = take();
        }
        try {
            Future<?> done = publisher.submit(() -> {
                if (!rest.isEmpty()) {
                    write(rest);
                }
            });
            done.get(CLOSE_WAIT_S, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            write(rest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("pipeline {}: the last batch was not handed to the outbox in time: {}", pipeline, e.toString());
        }
    }
}
