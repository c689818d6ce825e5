package io.edgeinfer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.Arrays;

/**
 * Window in, logits out. The window already has the model's layout ({@code [channels, size]} for a
 * sample stream, {@code [channels, height, width]} for an image), so the input side is one copy
 * into native memory. A vibration model does its own normalisation, where training put it; images
 * arrive normalised by the camera source as configured.
 */
final class WindowTranslator implements NoBatchifyTranslator<Window, float[]> {
    /** Set by processInput; read by the same thread right after predict returns. */
    private long lastPreprocessNanos;

    @Override
    public NDList processInput(TranslatorContext ctx, Window w) {
        long t0 = System.nanoTime();
        NDArray x = ctx.getNDManager().create(w.data(), batchOfOne(w.dims()));
        lastPreprocessNanos = System.nanoTime() - t0;
        return new NDList(x);
    }

    /**
     * One tensor of logits. Wider or narrower floats are converted; a tuple or integers are refused,
     * because reading them as logits would classify with something the model did not mean as scores.
     */
    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        if (list.size() != 1) {
            throw new OutputMismatch("model returns " + list.size() + " outputs (a tuple or list); the pipeline needs "
                    + "one tensor of logits, one per label");
        }
        NDArray out = list.get(0);
        DataType type = out.getDataType();
        if (type == DataType.FLOAT16 || type == DataType.FLOAT64 || type == DataType.BFLOAT16) {
            return out.toType(DataType.FLOAT32, false).toFloatArray();
        }
        if (type != DataType.FLOAT32) {
            // DJL's own "DataType mismatch" reads as if the input were wrong.
            throw new OutputMismatch("model output 0 is " + type + " " + Arrays.toString(out.getShape().getShape())
                    + "; expected float32 scores, one per label (logits or probabilities)"
                    + (type.isInteger() ? ", not class indices" : ""));
        }
        return out.toFloatArray();
    }

    /** The model's output is not what the pipeline reads; thrown through DJL's predict. */
    static final class OutputMismatch extends IllegalStateException {
        OutputMismatch(String message) {
            super(message);
        }
    }

    private static Shape batchOfOne(int[] dims) {
        long[] s = new long[dims.length + 1];
        s[0] = 1;
        for (int i = 0; i < dims.length; i++) {
            s[i + 1] = dims[i];
        }
        return new Shape(s);
    }

    long lastPreprocessNanos() {
        return lastPreprocessNanos;
    }
}
