package io.edgeinfer.capture;

import io.edgeinfer.config.CaptureConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.pipeline.InferenceObserver;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline's capture (docs/capture.md): the observer that chooses windows on the inference
 * thread, the bounded hand-off, the capture thread that writes them, the store on disk, and the
 * scheduled upload when one is configured. Nothing here can stop the pipeline: a folder that cannot be
 * written, a full card or a damaged item is counted and said in the status and telemetry, and
 * inference and publishing go on.
 */
public final class PipelineCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineCapture.class);
    private static final long STOP_MS = 2000;

    private final String pipeline;
    private final CaptureConfig config;
    private final CaptureStats stats;
    private final StoreSlot slot;
    private final Intake intake;
    private final CaptureObserver observer;
    private final CaptureWriter writer;
    private final Thread thread;
    private final Uploader uploader;

    /**
     * @param deviceId named in every item
     * @param bootId named in every item, with the prediction's {@code seq}
     * @param nanos a monotonic clock for the rate limits
     */
    public PipelineCapture(PipelineSpec spec, String deviceId, String bootId, Clock clock, LongSupplier nanos) {
        this(spec.id(), spec.capture(), spec.source(), deviceId, bootId, clock, nanos);
    }

    PipelineCapture(String pipeline, CaptureConfig config, SourceConfig source, String deviceId, String bootId,
            Clock clock,
            LongSupplier nanos) {
        this.pipeline = pipeline;
        this.config = config;
        this.stats = new CaptureStats(pipeline, clock);
        this.slot = new StoreSlot(config, clock::millis);
        stats.store(slot::peek);
        Set<String> handedIn = new HashSet<>(Set.of("anomaly"));
        if (config.shadowDisagreement()) {
            handedIn.add(ShadowDisagreement.REASON);
        }
        this.intake = new Intake(config.queue(), new RateLimits(config.ratePerMin(), nanos), handedIn, stats);
        this.observer = new CaptureObserver(new PredictionRules(config, ThreadLocalRandom.current().nextLong()),
                intake);
        this.writer = new CaptureWriter(intake, slot, new ItemFactory(deviceId, pipeline, bootId, InputShape.of(
                source)),
                stats, ThreadLocalRandom.current().nextInt());
        this.thread = new Thread(writer, PipelineSpec.DEFAULT_ID.equals(pipeline)
                ? "edgeinfer-capture"
                : "edgeinfer-capture-" + pipeline);
        this.thread.setDaemon(true);
        this.uploader = config.upload() == null ? null : new Uploader(config.upload(), this, deviceId);
    }

    public String pipeline() {
        return pipeline;
    }

    public CaptureConfig config() {
        return config;
    }

    /** To add to the pipeline's inference loop. */
    public InferenceObserver observer() {
        return observer;
    }

    /** Where other parts hand in windows to keep ({@code anomaly}, and the shadow model's disagreements). */
    public CaptureTrigger trigger() {
        return intake;
    }

    /** The shadow runner's listener: keeps the windows a shadow model labels differently. */
    public ShadowDisagreement shadowDisagreement() {
        return new ShadowDisagreement(intake);
    }

    public CaptureStats stats() {
        return stats;
    }

    /** The store, opened if it was not yet. @throws IOException saying why the folder cannot be used */
    CaptureStore store() throws IOException {
        try {
            return slot.get();
        } catch (IOException e) {
            stats.failing(e.getMessage());
            throw e;
        }
    }

    /**
     * Item {@code id} read back, checked. A damaged one is removed and counted here, so whoever read
     * it (a fetch, the upload) just moves on.
     */
    CaptureItem checked(String id, byte[] bytes) throws DamagedItemException {
        try {
            return CaptureItem.read(bytes, id);
        } catch (DamagedItemException e) {
            try {
                slot.get().delete(id);
            } catch (IOException gone) {
                LOG.debug("damaged item {} cannot be removed: {}", id, gone.toString());
            }
            stats.damaged(id, e.getMessage());
            throw e;
        }
    }

    /** Opens the store (a folder that cannot be used is said in the status at once), starts the capture thread and the upload. */
    public void start() {
        try {
            CaptureStore s = store();
            LOG.info("pipeline {}: capture on, {} item(s) ({} bytes) kept in {}", pipeline, s.items(), s.bytes(), config
                    .dir());
        } catch (IOException e) {
            LOG.error("pipeline {}: {} (inference and publishing go on; retried with every window chosen)", pipeline,
                    e.getMessage());
        }
        thread.start();
        if (uploader != null) {
            uploader.start();
        }
    }

    /** Writes what is queued (within 2 s), stops the upload. Idempotent. */
    @Override
    public void close() {
        writer.stop();
        try {
            thread.join(STOP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (uploader != null) {
            uploader.close();
        }
    }
}
