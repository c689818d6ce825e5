package io.edgeinfer.model;

/**
 * The raw result of one inference.
 *
 * @param logits one score per label, before softmax
 * @param preprocessNanos time spent turning the window into a tensor
 * @param inferenceNanos time in the model, including reading the result back
 */
public record ModelOutput(float[] logits, long preprocessNanos, long inferenceNanos) {
}
