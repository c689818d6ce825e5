package io.edgeinfer.model;

/**
 * What loading one model needs of libtorch's process-wide quantized engine, decided by
 * {@link QuantizedEngines#select} from the model's manifest.
 *
 * @param engine the engine the model is to be loaded and run on (the current one when it does not
 *     matter); null only together with a refusal
 * @param pins true for an int8 model made for {@code engine}: once it is loaded, int8 models made for
 *     other engines are refused for the life of the process
 * @param refusal why this process cannot run the model on the engine it was made for, or null
 * @param note what an operator should know although the model loads (it runs on another engine than
 *     the one it was made for, or the engine changes), or null
 */
public record EngineChoice(String engine, boolean pins, String refusal, String note) {

    /** True when the model must not be loaded. */
    public boolean refused() {
        return refusal != null;
    }
}
