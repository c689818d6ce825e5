package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.edgeinfer.model.DjlEngine;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole validated configuration of one daemon. Immutable: a reload or a pushed config builds a
 * new instance and replaces the old one as a unit, so no reader ever sees half of each.
 *
 * @param pipelines one or more, ids unique, in config order
 * @param named true when the file lists {@code pipelines:} (each pipeline's topics carry its id);
 *     false for the single-pipeline form with top-level {@code model}, {@code source}, ... (the
 *     MQTT API v1 topics, unchanged)
 * @param homeAssistant Home Assistant MQTT discovery (the {@code homeassistant} section)
 */
public record DaemonConfig(
        String deviceId,
        List<PipelineSpec> pipelines,
        @JsonIgnore boolean named,
        MqttConfig mqtt,
        OutboxConfig outbox,
        TelemetryConfig telemetry,
        MetricsConfig metrics,
        ControlConfig control,
        HttpConfig http,
        @JsonProperty("homeassistant") HomeAssistantConfig homeAssistant,
        FleetConfig fleet) {

    public DaemonConfig {
        Objects.requireNonNull(deviceId, "deviceId");
        pipelines = List.copyOf(pipelines);
        if (pipelines.isEmpty()) {
            throw new IllegalArgumentException("a daemon runs at least one pipeline");
        }
        if (new HashSet<>(pipelines.stream().map(PipelineSpec::id).toList()).size() != pipelines.size()) {
            throw new IllegalArgumentException("pipeline ids must be unique");
        }
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(homeAssistant, "homeAssistant");
        Objects.requireNonNull(fleet, "fleet");
    }

    /** The pipeline named {@code id}, if there is one. */
    public Optional<PipelineSpec> pipeline(String id) {
        return pipelines.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The first pipeline: the only one of a single-pipeline config. */
    @JsonIgnore
    public PipelineSpec first() {
        return pipelines.get(0);
    }

    /**
     * The first classifier's settings: every pipeline's {@code model.threads} and
     * {@code model.cache_dir} agree (checked when read). Empty when no pipeline has a classifier
     * (anomaly detection only).
     */
    @JsonIgnore
    public Optional<ModelConfig> firstModel() {
        return pipelines.stream().filter(PipelineSpec::hasModel).map(PipelineSpec::model).findFirst();
    }

    /**
     * Where the PyTorch natives are unpacked: the classifiers' {@code model.cache_dir}, or the
     * default for {@code env} when no pipeline has a classifier (an autoencoder still needs them).
     */
    public Path nativeCacheDir(Map<String, String> env) {
        return firstModel().map(ModelConfig::cacheDir).orElseGet(() -> DjlEngine.defaultCacheDir(env));
    }

    /** This config with {@code next} in place of the pipeline of the same id. */
    public DaemonConfig withPipeline(PipelineSpec next) {
        List<PipelineSpec> list = pipelines.stream().map(p -> p.id().equals(next.id()) ? next : p).toList();
        return new DaemonConfig(deviceId, list, named, mqtt, outbox, telemetry, metrics, control, http, homeAssistant,
                fleet);
    }
}
