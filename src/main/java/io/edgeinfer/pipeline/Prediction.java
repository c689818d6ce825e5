package io.edgeinfer.pipeline;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.PostProcessor.Classification;

/**
 * One finished window: what the model said, what the anomaly stage made of it, and how long each
 * stage took. Observers of the inference loop see the same record the publisher does.
 *
 * @param seq strictly increasing per boot, so subscribers can spot gaps and duplicates
 * @param model the classifier that answered, or null for a pipeline without one
 * @param result its answer, or null for a pipeline without a classifier
 * @param inferenceNanos the classifier (or, without one, the anomaly stage)
 * @param queueNanos from window complete to inference start
 * @param totalNanos from window complete to prediction ready (the anomaly stage included)
 * @param anomaly the anomaly stage's result, or null when the pipeline runs none
 */
public record Prediction(
        long seq,
        Window window,
        ModelInfo model,
        Classification result,
        long preprocessNanos,
        long inferenceNanos,
        long queueNanos,
        long totalNanos,
        AnomalyResult anomaly) {

    /** A classifier's answer with no anomaly stage. */
    public Prediction(long seq, Window window, ModelInfo model, Classification result, long preprocessNanos,
            long inferenceNanos, long queueNanos, long totalNanos) {
        this(seq, window, model, result, preprocessNanos, inferenceNanos, queueNanos, totalNanos, null);
    }
}
