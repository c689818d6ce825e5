package io.edgeinfer.pipeline;

import io.edgeinfer.model.Window;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.pipeline.PostProcessor.Classification;

/**
 * One finished window: what the model said and how long each stage took.
 *
 * @param seq strictly increasing per boot, so subscribers can spot gaps and duplicates
 * @param queueNanos from window complete to inference start
 * @param totalNanos from window complete to prediction ready
 */
public record Prediction(
        long seq,
        Window window,
        ModelInfo model,
        Classification result,
        long preprocessNanos,
        long inferenceNanos,
        long queueNanos,
        long totalNanos) {}
