package io.edgeinfer.telemetry;

import io.edgeinfer.sensor.SourceStats;

/**
 * Payload of the {@code telemetry} topic, one per interval (docs/mqtt-api.md). A field the platform
 * cannot measure is null, never a made-up number.
 */
public record TelemetryMessage(
        long tsMs,
        String bootId,
        double uptimeS,
        double intervalS,
        long inferencesTotal,
        double rateHz,
        Percentiles latencyMs,
        Percentiles inferenceMs,
        long droppedWindowsTotal,
        long inferenceErrorsTotal,
        Double cpuPercent,
        Double rssMb,
        double heapUsedMb,
        Long outboxDepth,
        Long outboxDroppedTotal,
        SourceStats.Snapshot source) {

    /** Percentiles of one interval in milliseconds; all null when the interval saw no inference. */
    public record Percentiles(Double p50, Double p95, Double p99, Double max) {}
}
