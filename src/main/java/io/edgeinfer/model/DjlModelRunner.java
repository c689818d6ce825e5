package io.edgeinfer.model;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.edgeinfer.data.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript model run by DJL's PyTorch engine. Loading checks the model against the pipeline
 * (input shape, one output per label, finite outputs) by running it once on a zero window, so a
 * model that would fail on the first real window is refused before it serves.
 */
public final class DjlModelRunner implements ModelRunner {
    private final SharedModels.Lease model;
    private final Predictor<Window, float[]> predictor;
    private final WindowTranslator translator;
    private final ModelInfo info;
    private boolean closed;

    private DjlModelRunner(SharedModels.Lease model, WindowTranslator translator, ModelInfo info) {
        this.model = model;
        this.translator = translator;
        // A predictor and a translator of its own: the module may be shared, these are per thread.
        this.predictor = model.model().newPredictor(translator);
        this.info = info;
    }

    /**
     * Loads and checks a model for windows of {@code channels x size}.
     *
     * @throws ModelLoadException naming the config key at fault
     */
    public static DjlModelRunner load(Path file, String name, String version, List<String> labels, int channels,
            int size)
            throws ModelLoadException {
        return load(file, name, version, labels, new int[]{channels, size}, "source channels x window.size");
    }

    /**
     * Loads and checks a model for inputs of shape {@code [1, dims...]}.
     *
     * @param dimsFrom which config keys make up {@code dims}, for the error message
     * @throws ModelLoadException naming the config key at fault
     */
    public static DjlModelRunner load(Path file, String name, String version, List<String> labels, int[] dims,
            String dimsFrom) throws ModelLoadException {
        return load(file, name, version, labels, dims, dimsFrom, new SharedModels());
    }

    /**
     * The same, sharing the loaded module with every other runner of {@code shared} that serves the
     * same bytes.
     */
    public static DjlModelRunner load(Path file, String name, String version, List<String> labels, int[] dims,
            String dimsFrom, SharedModels shared) throws ModelLoadException {
        if (Files.isDirectory(file)) {
            throw new ModelLoadException("model.path", ModelLoadException.Reason.UNREADABLE,
                    file + " is a directory; give the model file (.pt) in it", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model.path", ModelLoadException.Reason.UNREADABLE, "model file not found: "
                    + file, null);
        }
        if (!Files.isReadable(file)) {
            throw new ModelLoadException("model.path", ModelLoadException.Reason.UNREADABLE, "model file not readable: "
                    + file, null);
        }
        String sha;
        long bytes;
        try {
            sha = Sha256.hex(file);
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new ModelLoadException("model.path", ModelLoadException.Reason.UNREADABLE,
                    "model file cannot be read: " + file + ": " + e.getMessage(), e);
        }
        SharedModels.Lease lease = shared.acquire(sha, () -> module(file));
        DjlModelRunner runner = new DjlModelRunner(lease, new WindowTranslator(), new ModelInfo(name, version, sha,
                bytes,
                labels));
        try {
            runner.check(dims, dimsFrom, labels.size());
        } catch (ModelLoadException e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    private static ZooModel<Window, float[]> module(Path file) throws ModelLoadException {
        Criteria<Window, float[]> criteria = Criteria.builder()
                .setTypes(Window.class, float[].class)
                .optModelPath(file)
                .optEngine("PyTorch")
                .optTranslator(new WindowTranslator())
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | EngineException e) {
            throw new ModelLoadException("model.path", ModelLoadException.Reason.NOT_A_MODEL,
                    "not a loadable TorchScript model: " + file + ": " + firstLine(e), e);
        }
    }

    private void check(int[] dims, String dimsFrom, int labelCount) throws ModelLoadException {
        Window probe = Window.of(0, dims, new float[Window.elements(dims)]);
        float[] out;
        try {
            out = predictor.predict(probe);
        } catch (TranslateException | EngineException e) {
            WindowTranslator.OutputMismatch output = outputMismatch(e);
            if (output != null) {
                throw new ModelLoadException("model.path", ModelLoadException.Reason.OUTPUT, output.getMessage(), e);
            }
            throw new ModelLoadException("model.path", ModelLoadException.Reason.INPUT_SHAPE,
                    "model rejects input of shape " + probe.shapeText() + " (" + dimsFrom + "): " + firstLine(e), e);
        }
        if (out.length != labelCount) {
            throw new ModelLoadException("model.labels", ModelLoadException.Reason.LABEL_COUNT, "model has "
                    + out.length
                    + " outputs but " + labelCount + " labels are configured", null);
        }
        for (float v : out) {
            if (!Float.isFinite(v)) {
                throw new ModelLoadException("model.path", ModelLoadException.Reason.NON_FINITE,
                        "model produces non-finite outputs (NaN or infinity)", null);
            }
        }
    }

    /** Arrays attached to the (possibly shared) module's NDManager and its children: its own, and none left per window. */
    int attachedArrays() {
        return model.model().getNDManager().getManagedArrays().size();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelOutput predict(Window window) throws InferenceException {
        long t0 = System.nanoTime();
        float[] logits;
        try {
            logits = predictor.predict(window);
        } catch (TranslateException | RuntimeException e) {
            throw new InferenceException("inference failed on window " + window.index() + ": " + firstLine(e), e);
        }
        long total = System.nanoTime() - t0;
        long pre = translator.lastPreprocessNanos();
        return new ModelOutput(logits, pre, Math.max(0, total - pre));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        predictor.close();
        model.close();
    }

    /** The output check that failed inside DJL's predict, or null when the model itself failed. */
    private static WindowTranslator.OutputMismatch outputMismatch(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof WindowTranslator.OutputMismatch m) {
                return m;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(Throwable e) {
        Throwable root = rootCause(e);
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
