package io.edgeinfer.config;

/**
 * How the sample stream is cut into model inputs.
 *
 * @param size samples per window (the model's time dimension)
 * @param hop samples between the starts of consecutive windows ({@code hop < size} overlaps)
 */
public record WindowConfig(int size, int hop) {
}
