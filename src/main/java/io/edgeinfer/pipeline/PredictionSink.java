package io.edgeinfer.pipeline;

/** Where finished predictions go (the MQTT publisher, a benchmark counter). Called on the inference thread. */
@FunctionalInterface
public interface PredictionSink {
    void accept(Prediction p);
}
