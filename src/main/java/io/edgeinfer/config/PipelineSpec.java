package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One pipeline: an input, its windows, the model that classifies them, the anomaly detector that
 * watches them, the queue between input and both, and how its predictions are published. A daemon
 * runs one or more; everything else (MQTT, outbox, telemetry, control, metrics) they share.
 *
 * @param id the pipeline's name, one MQTT topic level (unique within a daemon)
 * @param model the classifier, or null for a pipeline that only detects anomalies (then
 *     {@code anomaly.enabled} is true)
 * @param queue the {@code pipeline} section: the queue between acquisition and inference
 * @param capture what of its windows the pipeline keeps for retraining (docs/capture.md)
 * @param anomaly the anomaly detector and severity ({@code enabled: false} by default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineSpec(String id, ModelConfig model, SourceConfig source, WindowConfig window,
        @JsonProperty("pipeline") PipelineConfig queue, PublishConfig publish, CaptureConfig capture,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = AnomalyConfigReader.LeftOutWhenOff.class) AnomalyConfig anomaly) {
    /** The id of the one pipeline a config without a {@code pipelines} list describes. */
    public static final String DEFAULT_ID = "main";

    public PipelineSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(anomaly, "anomaly");
        if (model == null && !anomaly.enabled()) {
            throw new IllegalArgumentException("pipeline " + id + " has neither a model nor an anomaly detector");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(capture, "capture");
    }

    /** This pipeline with {@code next} as its capture settings. */
    public PipelineSpec withCapture(CaptureConfig next) {
        return new PipelineSpec(id, model, source, window, queue, publish, next, anomaly);
    }

    /** A pipeline without anomaly detection. */
    public PipelineSpec(String id, ModelConfig model, SourceConfig source, WindowConfig window, PipelineConfig queue,
            PublishConfig publish, CaptureConfig capture) {
        this(id, model, source, window, queue, publish, capture, AnomalyConfigReader.OFF);
    }

    /** True when a classifier serves this pipeline (false: anomaly detection only). */
    public boolean hasModel() {
        return model != null;
    }
}
