package io.edgeinfer.capture;

import io.edgeinfer.config.CaptureConfig;
import io.edgeinfer.mqtt.CaptureFigures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline's capture counters and state, written by the threads that do the work (inference,
 * capture, upload, commands) and read by telemetry, the retained status and Prometheus. The state
 * is {@code failing} while items cannot be written; a change of it (or a new damaged item) is told to
 * the listener, which republishes the status.
 */
public final class CaptureStats implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureStats.class);

    private final String pipeline;
    private final Clock clock;
    private final Map<String, AtomicLong> kept = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();
    private final AtomicLong uploaded = new AtomicLong();
    private final AtomicLong uploadErrors = new AtomicLong();
    private final AtomicReference<String> failing = new AtomicReference<>();
    private final AtomicReference<String> lastProblem = new AtomicReference<>();
    private volatile Supplier<CaptureStore> store = () -> null;
    private volatile Consumer<CaptureFigures.State> listener = s -> {
    };

    public CaptureStats(String pipeline, Clock clock) {
        this.pipeline = pipeline;
        this.clock = clock;
        for (String r : CaptureConfig.REASONS) {
            kept.put(r, new AtomicLong());
        }
    }

    /** Where the item and byte counts come from (null until the store could be opened). */
    void store(Supplier<CaptureStore> s) {
        store = s;
    }

    /** Hears every change of {@link #state()}: the retained status is republished. */
    public void onStateChange(Consumer<CaptureFigures.State> l) {
        listener = l;
    }

    void kept(List<String> reasons) {
        reasons.forEach(r -> kept.computeIfAbsent(r, k -> new AtomicLong()).incrementAndGet());
    }

    void dropped() {
        dropped.incrementAndGet();
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }

    void uploaded() {
        uploaded.incrementAndGet();
    }

    void uploadFailed(String why) {
        uploadErrors.incrementAndGet();
        problem("upload: " + why);
    }

    /** An item could not be written (and is lost): capture is failing until one is. */
    void writeFailed(String why) {
        writeErrors.incrementAndGet();
        failing(why);
    }

    /** Items cannot be written, for {@code why}, until one is. Logged once per reason. */
    void failing(String why) {
        problem(why);
        String was = failing.getAndSet(why);
        if (!why.equals(was)) {
            LOG.error("pipeline {}: capture cannot keep windows: {} (inference and publishing go on)", pipeline, why);
            listener.accept(state());
        }
    }

    /** An item was written: capture works (again). */
    void written() {
        if (failing.getAndSet(null) != null) {
            LOG.info("pipeline {}: capture writes again", pipeline);
            listener.accept(state());
        }
    }

    /** An item was found damaged on disk and removed. */
    void damaged(String id, String why) {
        damaged.incrementAndGet();
        problem("item " + id + " damaged (" + why + "): removed");
        LOG.warn("pipeline {}: capture item {} is damaged ({}); removed", pipeline, id, why);
        listener.accept(state());
    }

    private void problem(String what) {
        lastProblem.set(Instant.ofEpochMilli(clock.millis()) + " " + what);
    }

    /** For the retained status. */
    public CaptureFigures.State state() {
        String why = failing.get();
        return new CaptureFigures.State(why == null ? "ok" : "failing", why, damaged.get());
    }

    /** For telemetry. */
    public CaptureFigures figures() {
        CaptureStore s = store.get();
        Map<String, Long> byReason = new LinkedHashMap<>();
        kept.forEach((k, v) -> byReason.put(k, v.get()));
        CaptureFigures.State st = state();
        return new CaptureFigures(st.state(), st.reason(), s == null ? 0 : s.items(), s == null ? 0 : s.bytes(),
                byReason.values().stream().mapToLong(Long::longValue).sum(), byReason, dropped.get(), rateLimited.get(),
                s == null ? 0 : s.evictedTotal(), writeErrors.get(), damaged.get(), uploaded.get(), uploadErrors.get(),
                lastProblem.get());
    }

    @Override
    public void bindTo(MeterRegistry r) {
        kept.forEach((reason, n) -> FunctionCounter.builder("edgeinfer.capture.kept", n, AtomicLong::get)
                .tags("pipeline", pipeline, "reason", reason).description("Windows kept for retraining").register(r));
        counter(r, "edgeinfer.capture.dropped", dropped, "Windows chosen but lost: the capture thread was behind");
        counter(r, "edgeinfer.capture.rate.limited", rateLimited, "Windows chosen beyond their reason's rate limit");
        counter(r, "edgeinfer.capture.write.errors", writeErrors, "Items that could not be written");
        counter(r, "edgeinfer.capture.damaged", damaged, "Items found damaged on disk and removed");
        counter(r, "edgeinfer.capture.uploaded", uploaded, "Items uploaded and acknowledged");
        FunctionCounter.builder("edgeinfer.capture.evicted", this, c -> c.store.get() == null
                ? 0
                : c.store.get().evictedTotal())
                .tags("pipeline", pipeline).description("Items dropped, oldest first, to stay within the bounds")
                .register(r);
        Gauge.builder("edgeinfer.capture.items", this, c -> c.store.get() == null ? 0 : c.store.get().items())
                .tags("pipeline", pipeline).description("Items kept on disk").register(r);
        Gauge.builder("edgeinfer.capture.bytes", this, c -> c.store.get() == null ? 0 : c.store.get().bytes())
                .tags("pipeline", pipeline).description("Bytes kept on disk").register(r);
        Gauge.builder("edgeinfer.capture.failing", this, c -> c.failing.get() == null ? 0 : 1)
                .tags("pipeline", pipeline).description("1 while items cannot be written").register(r);
    }

    private void counter(MeterRegistry r, String name, AtomicLong n, String what) {
        FunctionCounter.builder(name, n, AtomicLong::get).tags("pipeline", pipeline).description(what).register(r);
    }
}
