package io.edgeinfer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.edgeinfer.pipeline.Window;

/**
 * Window in, logits out. The window already has the model's {@code [channels, size]} layout, so the
 * input side is one copy into native memory; any normalisation lives in the TorchScript model,
 * where training put it, so the two can never disagree.
 */
final class WindowTranslator implements NoBatchifyTranslator<Window, float[]> {
    /** Set by processInput; read by the same thread right after predict returns. */
    private long lastPreprocessNanos;

    @Override
    public NDList processInput(TranslatorContext ctx, Window w) {
        long t0 = System.nanoTime();
        NDArray x = ctx.getNDManager().create(w.data(), new Shape(1, w.channels(), w.size()));
        lastPreprocessNanos = System.nanoTime() - t0;
        return new NDList(x);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.get(0).toFloatArray();
    }

    long lastPreprocessNanos() {
        return lastPreprocessNanos;
    }
}
