package io.edgeinfer.model;

import java.util.List;

/**
 * What a loaded model is, as reported in every prediction and on the status topic.
 *
 * @param sha256 hex digest of the model file, so subscribers know exactly which bytes answered
 */
public record ModelInfo(String name, String version, String sha256, long sizeBytes, List<String> labels) {
    public ModelInfo {
        labels = List.copyOf(labels);
    }
}
