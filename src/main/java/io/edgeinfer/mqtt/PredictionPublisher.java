package io.edgeinfer.mqtt;

import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.pipeline.PredictionSink;

/**
 * Hands each prediction to the durable outbox as the JSON document of docs/mqtt-api.md; the MQTT
 * sender delivers it from there. Never blocks the inference thread on the network or the disk.
 */
public final class PredictionPublisher implements PredictionSink {
    private final Outbox outbox;
    private final String topic;
    private final String bootId;

    public PredictionPublisher(Outbox outbox, Topics topics, String bootId) {
        this.outbox = outbox;
        this.topic = topics.predictions();
        this.bootId = bootId;
    }

    @Override
    public void accept(Prediction p) {
        outbox.append(topic, Json.encode(PredictionMessage.of(p, bootId)));
    }
}
