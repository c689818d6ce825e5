package io.edgeinfer.mqtt;

import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.Prediction;

/**
 * {@code publish.mode: every}: hands each prediction to the durable outbox as the JSON document of
 * docs/mqtt-api.md; the MQTT sender delivers it from there. Never blocks the inference thread on the
 * network or the disk.
 */
public final class PredictionPublisher implements PublishingSink {
    private final Outbox outbox;
    private final String topic;
    private final String bootId;
    private final String pipeline;

    /** The one pipeline of a single-pipeline daemon, on MQTT API v1's topic. */
    public PredictionPublisher(Outbox outbox, Topics topics, String bootId) {
        this(outbox, topics.predictions(), bootId, PipelineSpec.DEFAULT_ID);
    }

    /** Pipeline {@code pipeline}'s predictions, on {@code topic}. */
    public PredictionPublisher(Outbox outbox, String topic, String bootId, String pipeline) {
        this.outbox = outbox;
        this.topic = topic;
        this.bootId = bootId;
        this.pipeline = pipeline;
    }

    @Override
    public void accept(Prediction p) {
        outbox.append(topic, Json.encode(PredictionMessage.of(p, bootId, pipeline)));
    }

    @Override
    public void close() {
        // Nothing is held back.
    }
}
