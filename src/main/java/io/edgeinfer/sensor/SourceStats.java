package io.edgeinfer.sensor;

import io.edgeinfer.config.PipelineSpec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What went wrong on the input side, counted: bus errors, samples lost to a full FIFO, windows
 * flagged stuck or saturated, windows held back by a GPIO gate, corrupt camera frames, camera
 * process restarts. Read by telemetry and exposed to Prometheus.
 */
public final class SourceStats implements MeterBinder {
    private final String pipeline;

    /** The input counters of the one pipeline of a single-pipeline daemon. */
    public SourceStats() {
        this(PipelineSpec.DEFAULT_ID);
    }

    /** @param pipeline the pipeline whose input this counts: its meters' {@code pipeline} tag */
    public SourceStats(String pipeline) {
        this.pipeline = pipeline;
    }

    private final LongAdder readErrors = new LongAdder();
    private final LongAdder samplesLost = new LongAdder();
    private final LongAdder stuck = new LongAdder();
    private final LongAdder saturated = new LongAdder();
    private final LongAdder gated = new LongAdder();
    private final LongAdder corruptFrames = new LongAdder();
    private final LongAdder restarts = new LongAdder();

    public void readError() {
        readErrors.increment();
    }

    public void samplesLost(long n) {
        samplesLost.add(n);
    }

    public void stuckWindow() {
        stuck.increment();
    }

    public void saturatedWindow() {
        saturated.increment();
    }

    public void gatedWindow() {
        gated.increment();
    }

    public void corruptFrame() {
        corruptFrames.increment();
    }

    public void restart() {
        restarts.increment();
    }

    public long readErrorsTotal() {
        return readErrors.sum();
    }

    public long samplesLostTotal() {
        return samplesLost.sum();
    }

    public long stuckWindowsTotal() {
        return stuck.sum();
    }

    public long saturatedWindowsTotal() {
        return saturated.sum();
    }

    public long gatedWindowsTotal() {
        return gated.sum();
    }

    public long corruptFramesTotal() {
        return corruptFrames.sum();
    }

    public long restartsTotal() {
        return restarts.sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "edgeinfer.source.errors", readErrors,
                "Failed bus transactions, device opens and camera starts");
        counter(registry, "edgeinfer.source.samples.lost", samplesLost,
                "Samples lost because a sensor FIFO overflowed");
        counter(registry, "edgeinfer.windows.stuck", stuck, "Windows in which a channel never changed");
        counter(registry, "edgeinfer.windows.saturated", saturated, "Windows with a value at the sensor's full scale");
        counter(registry, "edgeinfer.windows.gated", gated, "Windows held back by the GPIO trigger");
        counter(registry, "edgeinfer.frames.corrupt", corruptFrames,
                "Camera frames or image files that did not decode");
        counter(registry, "edgeinfer.camera.restarts", restarts, "Camera process restarts");
    }

    private void counter(MeterRegistry registry, String name, LongAdder value, String description) {
        FunctionCounter.builder(name, value, LongAdder::doubleValue)
                .description(description)
                .tag("pipeline", pipeline)
                .register(registry);
    }

    /** The figures as they appear in the telemetry payload. */
    public Snapshot snapshot(Health health) {
        return new Snapshot(health.state().key(), readErrorsTotal(), samplesLostTotal(), stuckWindowsTotal(),
                saturatedWindowsTotal(), gatedWindowsTotal(), corruptFramesTotal(), restartsTotal());
    }

    /** Input-side counters of the {@code telemetry} payload (docs/mqtt-api.md). */
    public record Snapshot(String health, long readErrorsTotal, long samplesLostTotal, long stuckWindowsTotal,
            long saturatedWindowsTotal, long gatedWindowsTotal, long corruptFramesTotal, long restartsTotal) {
    }
}
