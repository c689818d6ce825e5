package io.edgeinfer.mqtt;

import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.pipeline.PredictionSink;

/** Publishes each prediction on the {@code predictions} topic. */
public final class PredictionPublisher implements PredictionSink {
    private final Publisher publisher;
    private final String topic;
    private final String bootId;

    public PredictionPublisher(Publisher publisher, Topics topics, String bootId) {
        this.publisher = publisher;
        this.topic = topics.predictions();
        this.bootId = bootId;
    }

    @Override
    public void accept(Prediction p) {
        publisher.publish(topic, Json.encode(PredictionMessage.of(p, bootId)), false);
    }
}
