package io.edgeinfer.pipeline;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.ModelOutput;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import java.util.List;
import java.util.function.Function;

/** A model for pipeline tests: computes logits with a function, or fails on chosen windows. */
public final class FakeModelRunner implements ModelRunner {
    private final ModelInfo info;
    private final Function<Window, float[]> logits;
    private volatile boolean closed;

    public FakeModelRunner(List<String> labels, Function<Window, float[]> logits) {
        this(new ModelInfo("fake", "1", "0".repeat(64), 0, labels), logits);
    }

    /** A model that says it is {@code info} (a file's name, version and digest, for deployment tests). */
    public FakeModelRunner(ModelInfo info, Function<Window, float[]> logits) {
        this.info = info;
        this.logits = logits;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelOutput predict(Window window) throws InferenceException {
        try {
            return new ModelOutput(logits.apply(window), 1000, 2000);
        } catch (IllegalStateException e) {
            throw new InferenceException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
