package io.edgeinfer.bench;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript model taking one float32 tensor of a fixed shape (a sensor window or an image) and
 * returning one row of logits: what the bench needs to run any model on any data set.
 */
final class TensorModel implements AutoCloseable {
    private final ZooModel<float[], float[]> model;
    private final Predictor<float[], float[]> predictor;

    private TensorModel(ZooModel<float[], float[]> model) {
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** Loads {@code file} for inputs of {@code shape} (batch first). */
    static TensorModel load(Path file, List<Long> shape) throws IOException {
        Shape s = new Shape(shape.stream().mapToLong(Long::longValue).toArray());
        Criteria<float[], float[]> criteria = Criteria.builder()
                .setTypes(float[].class, float[].class)
                .optModelPath(file)
                .optEngine("PyTorch")
                .optTranslator(new Translator(s))
                .build();
        try {
            return new TensorModel(criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException | EngineException e) {
            throw new IOException("not a loadable TorchScript model: " + e.getMessage(), e);
        }
    }

    float[] predict(float[] input) throws TranslateException {
        return predictor.predict(input);
    }

    /**
     * {total, non-zero} over the float parameters TorchScript exposes, or null when it exposes none
     * (quantised layers keep their weights packed, out of reach).
     */
    long[] floatParameters() {
        long total = 0;
        long nonzero = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.getDataType() != DataType.FLOAT32) {
                continue;
            }
            total += a.size();
            nonzero += a.countNonzero().getLong();
        }
        return total == 0 ? null : new long[]{total, nonzero};
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    private static final class Translator implements NoBatchifyTranslator<float[], float[]> {
        private final Shape shape;

        Translator(Shape shape) {
            this.shape = shape;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, float[] input) {
            return new NDList(ctx.getNDManager().create(input, shape));
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            return list.get(0).toFloatArray();
        }
    }
}
