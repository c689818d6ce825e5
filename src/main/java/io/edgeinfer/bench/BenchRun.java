package io.edgeinfer.bench;

import java.util.List;

/**
 * A whole model-evaluation bench run: where and how it was measured, and one result per model.
 *
 * @param energySource what the energy column measures, or {@code none}
 * @param defaultEngine the quantized engine float models (and unsupported backends) run on
 */
public record BenchRun(
        String data,
        int samples,
        List<Long> inputShape,
        List<String> dataLabels,
        String machine,
        int threads,
        String energySource,
        List<String> quantizedEngines,
        String defaultEngine,
        List<ModelResult> models) {

    public BenchRun {
        inputShape = List.copyOf(inputShape);
        dataLabels = List.copyOf(dataLabels);
        quantizedEngines = List.copyOf(quantizedEngines);
        models = List.copyOf(models);
    }
}
