package io.edgeinfer.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's row of a bench run. Figures that could not be had are null: a model without a
 * manifest has no MACs, one without labels no accuracy, one that does not fit the data no timings.
 *
 * @param problem why the model was not (fully) evaluated, null when it was
 * @param paramsSource where the parameter counts come from: {@code manifest}, {@code file} (the
 *     float tensors TorchScript exposes; quantised weights are not among them) or null
 * @param perClass accuracy per label of the data, in the data's label order
 * @param golden golden samples reproduced / replayed, e.g. {@code 4/4}; null without any
 * @param quantizedEngine the engine in force while it ran, when its manifest names one
 */
public record ModelResult(
        String name,
        String file,
        long sizeBytes,
        String sha256,
        String problem,
        Long params,
        Long nonzeroParams,
        String paramsSource,
        Long macs,
        Double accuracy,
        Map<String, Double> perClass,
        LatencyStats latency,
        Double throughputPerS,
        Double loadMs,
        Double peakRssDeltaMb,
        Double energyPerInferenceMj,
        String energySource,
        String quantizedEngine,
        String golden,
        List<String> notes) {

    public ModelResult {
        perClass = perClass == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return problem == null;
    }
}
