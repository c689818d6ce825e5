package io.edgeinfer.config;

import java.util.Objects;

/**
 * The whole validated configuration of one daemon. Immutable: a reload or a pushed config builds a
 * new instance and replaces the old one as a unit, so no reader ever sees half of each.
 */
public record DaemonConfig(
        String deviceId,
        ModelConfig model,
        SourceConfig source,
        WindowConfig window,
        PipelineConfig pipeline,
        MqttConfig mqtt,
        OutboxConfig outbox,
        TelemetryConfig telemetry,
        MetricsConfig metrics,
        ControlConfig control,
        HttpConfig http) {

    public DaemonConfig {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(http, "http");
    }
}
