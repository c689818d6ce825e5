package io.edgeinfer.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.sensor.SourceStats;
import java.util.List;

/**
 * Payload of the {@code telemetry} topic, one per interval (docs/mqtt-api.md; the JSON Schema is
 * docs/telemetry.schema.json). The groups below are flattened into one JSON object. A field the
 * board cannot measure is null, never a made-up number.
 */
public record TelemetryMessage(
        long tsMs,
        String bootId,
        double uptimeS,
        double intervalS,
        ModelRef model,
        @JsonUnwrapped Pipeline pipeline,
        @JsonUnwrapped Process process,
        @JsonUnwrapped Power power,
        @JsonUnwrapped Thermal thermal,
        @JsonUnwrapped Outbox outbox,
        SourceStats.Snapshot source,
        List<PipelineEntry> pipelines) {

    /** Percentiles of one interval in milliseconds; all null when the interval saw no inference. */
    public record Percentiles(Double p50, Double p95, Double p99, Double max) {
    }

    /** Counters since start, and latencies and throughput of the interval. */
    public record Pipeline(
            long inferencesTotal,
            double rateHz,
            long windowsInTotal,
            long windowsOutTotal,
            long droppedWindowsTotal,
            long inferenceErrorsTotal,
            double inferenceBusyPercent,
            Percentiles latencyMs,
            Percentiles preprocessMs,
            Percentiles inferenceMs,
            Percentiles publishMs) {
    }

    /**
     * One pipeline's figures of the interval (the top-level pipeline fields add them up; {@code model}
     * and {@code source} at the top level are the first pipeline's); {@code capture} only while the
     * pipeline captures.
     */
    public record PipelineEntry(
            String id,
            ModelRef model,
            long inferencesTotal,
            double rateHz,
            long windowsInTotal,
            long droppedWindowsTotal,
            long inferenceErrorsTotal,
            double inferenceBusyPercent,
            Percentiles latencyMs,
            Percentiles inferenceMs,
            SourceStats.Snapshot source,
            @JsonInclude(JsonInclude.Include.NON_NULL) CaptureFigures capture,
            @JsonInclude(JsonInclude.Include.NON_NULL) Anomaly anomaly) {

        /** Without capture figures (capture off) and without an anomaly stage. */
        public PipelineEntry(String id, ModelRef model, long inferencesTotal, double rateHz, long windowsInTotal,
                long droppedWindowsTotal, long inferenceErrorsTotal, double inferenceBusyPercent, Percentiles latencyMs,
                Percentiles inferenceMs, SourceStats.Snapshot source) {
            this(id, model, inferencesTotal, rateHz, windowsInTotal, droppedWindowsTotal, inferenceErrorsTotal,
                    inferenceBusyPercent, latencyMs, inferenceMs, source, null, null);
        }

        /** Without an anomaly stage. */
        public PipelineEntry(String id, ModelRef model, long inferencesTotal, double rateHz, long windowsInTotal,
                long droppedWindowsTotal, long inferenceErrorsTotal, double inferenceBusyPercent, Percentiles latencyMs,
                Percentiles inferenceMs, SourceStats.Snapshot source, CaptureFigures capture) {
            this(id, model, inferencesTotal, rateHz, windowsInTotal, droppedWindowsTotal, inferenceErrorsTotal,
                    inferenceBusyPercent, latencyMs, inferenceMs, source, capture, null);
        }
    }

    /**
     * A pipeline's anomaly stage at the end of the interval: its last window's state, score,
     * threshold and alarm, and ISO 20816-3 severity (null members: not known, e.g. while learning).
     */
    public record Anomaly(String state, Double score, Double threshold, boolean alarm, Double velocityRmsMmS,
            String zone) {

        /** null before the stage has scored a window. */
        public static Anomaly of(AnomalyResult r) {
            if (r == null) {
                return null;
            }
            return new Anomaly(r.state().key(), r.score(), r.threshold(), r.alarm(),
                    r.severity() == null ? null : r.severity().velocityRmsMmS(),
                    r.severity() == null ? null : r.severity().zone());
        }
    }

    /** This process over the interval (CPU, GC) and now (memory, threads). */
    public record Process(
            Double cpuPercent, Double rssMb, double heapUsedMb, double gcPauseMs, long gcCount, Integer threads,
            int jvmThreads) {
    }

    /** Power and energy of the interval (docs/telemetry.md defines each figure). */
    public record Power(
            String powerSource, Double powerW, Double energyMjPerInference, Double energyMarginalMjPerInference,
            Double idleW) {
    }

    /** Temperature and clock now, throttling, and the throttled-latency flag. */
    public record Thermal(
            Double cpuTempC,
            Double cpuFreqMhz,
            Throttled throttled,
            Boolean latencyDegradedWhileThrottled,
            Double inferenceP99BaselineMs) {
    }

    /** The outbox's depth, drops, and whether it is on disk ({@code durable}) or in memory; null until there is an outbox. */
    public record Outbox(Long outboxDepth, Long outboxDroppedTotal, String outboxMode, String outboxModeReason) {
    }

    /** The decoded {@code vcgencmd get_throttled} bits: what holds now, and what has happened since boot. */
    public record Throttled(String raw, Conditions now, Conditions sinceBoot) {
    }

    /** The four conditions the Raspberry Pi firmware reports. */
    public record Conditions(boolean underVoltage, boolean freqCapped, boolean throttled, boolean softTempLimit) {
    }
}
