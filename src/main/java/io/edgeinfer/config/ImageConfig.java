package io.edgeinfer.config;

import java.util.List;

/**
 * How a picture becomes the model's input: scale so the shorter side is {@code resize} pixels,
 * cut the centre {@code width x height}, then per RGB channel {@code (v / 255 - mean) / std}.
 *
 * @param width model input width
 * @param height model input height
 * @param resize shorter side after scaling, before the centre crop
 * @param mean per channel (R, G, B), on the 0-1 scale
 * @param std per channel (R, G, B), on the 0-1 scale
 */
public record ImageConfig(int width, int height, int resize, List<Double> mean, List<Double> std) {
    public ImageConfig {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }
}
