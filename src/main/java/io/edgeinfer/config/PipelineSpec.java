package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One pipeline: an input, its windows, the model that classifies them, the queue between the two,
 * and how its predictions are published. A daemon runs one or more; everything else (MQTT, outbox,
 * telemetry, control, metrics) they share.
 *
 * @param id the pipeline's name, one MQTT topic level (unique within a daemon)
 * @param queue the {@code pipeline} section: the queue between acquisition and inference
 */
public record PipelineSpec(String id, ModelConfig model, SourceConfig source, WindowConfig window,
        @JsonProperty("pipeline") PipelineConfig queue, PublishConfig publish) {
    /** The id of the one pipeline a config without a {@code pipelines} list describes. */
    public static final String DEFAULT_ID = "main";

    public PipelineSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(publish, "publish");
    }
}
