package io.edgeinfer.app;

import io.edgeinfer.capture.CaptureCommands;
import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.mqtt.CaptureFigures;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every pipeline's capture (docs/capture.md), for the pipelines whose config turns it on: each one's
 * observer on its inference loop, its capture thread, store and upload. What the rest of the daemon
 * reads of them: telemetry figures, the status's capture state, the {@code cmd/capture} handler and
 * the meters. Closed after the pipelines, so what their last windows chose is still written.
 */
final class Captures implements AutoCloseable {
    private final Map<String, PipelineCapture> byId;

    private Captures(Map<String, PipelineCapture> byId) {
        this.byId = byId;
    }

    /** Builds and starts a capture for each pipeline that has one, its observer on that pipeline's loop. */
    static Captures start(DaemonConfig config, Pipelines pipelines, String bootId, Clock clock) {
        Map<String, PipelineCapture> out = new LinkedHashMap<>();
        for (PipelineSpec p : config.pipelines()) {
            if (p.capture().enabled()) {
                PipelineCapture c = new PipelineCapture(p, config.deviceId(), bootId, clock, System::nanoTime);
                c.start();
                pipelines.byId(p.id()).orElseThrow().loop().addObserver(c.observer());
                out.put(p.id(), c);
            }
        }
        return new Captures(out);
    }

    /** Pipeline {@code id}'s capture, or null when it does not capture. */
    PipelineCapture of(String id) {
        return byId.get(id);
    }

    /** Its telemetry figures, or null when it does not capture. */
    Supplier<CaptureFigures> figures(String id) {
        PipelineCapture c = byId.get(id);
        return c == null ? null : c.stats()::figures;
    }

    /** Its state for the retained status, or null when it does not capture. */
    CaptureFigures.State state(String id) {
        PipelineCapture c = byId.get(id);
        return c == null ? null : c.stats().state();
    }

    /** Tells {@code listener} when any capture starts or stops failing, or finds a damaged item. */
    void onStateChange(Runnable listener) {
        byId.values().forEach(c -> c.stats().onStateChange(s -> listener.run()));
    }

    /** The {@code cmd/capture} handler for a device whose pipelines are {@code ids}. */
    CaptureCommands commands(List<String> ids) {
        return new CaptureCommands(byId, ids);
    }

    void bindTo(MeterRegistry registry) {
        byId.values().forEach(c -> c.stats().bindTo(registry));
    }

    /** Writes what the pipelines chose last, stops the uploads. Idempotent. */
    @Override
    public void close() {
        byId.values().forEach(PipelineCapture::close);
    }
}
