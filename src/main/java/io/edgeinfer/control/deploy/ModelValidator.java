package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.data.Quantiles;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.PostProcessor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Loads a candidate model off the inference thread and proves it before it may serve: it loads and
 * fits the pipeline (input shape, one output per label, finite outputs: {@link ModelLoader}), it
 * warms up and stays finite on the windows the sensor produced last, its p99 is within
 * {@code model.latency_budget_ms} when set, and it labels the golden samples correctly at least as
 * often as {@code control.validation.golden_min_accuracy} asks. A candidate that fails is closed. All
 * of it runs on the validation thread and within {@code control.validation.timeout_s}.
 */
public final class ModelValidator implements AutoCloseable {
    private final ModelLoader loader;
    private final ValidationThread thread = new ValidationThread();

    public ModelValidator(ModelLoader loader) {
        this.loader = loader;
    }

    /** A model that passed, with what was measured. */
    record Validated(ModelRunner runner, ValidationReport report) {
    }

    /**
     * @param spec the pipeline the model is to serve in: its input shape, latency budget
     * @param recent that pipeline's last windows
     */
    Validated validate(Proposal p, PipelineSpec spec, ControlConfig control, List<Window> recent)
            throws CommandException {
        return thread.run(() -> validateNow(p, spec, control, recent), control.validation().timeoutS(),
                p.name() + " " + p.version());
    }

    /** Abandons a validation in progress (the daemon is stopping). */
    @Override
    public void close() {
        thread.close();
    }

    private Validated validateNow(Proposal p, PipelineSpec spec, ControlConfig control, List<Window> recent)
            throws CommandException {
        long t0 = System.nanoTime();
        ModelRunner runner;
        try {
            runner = loader.load(p.file(), p.name(), p.version(), p.labels(), dims(spec), spec.source()
                    .inputDimsFrom());
        } catch (ModelLoadException e) {
            throw new CommandException(code(e.reason()), e.getMessage(), e);
        }
        double loadMs = ValidationReport.round((System.nanoTime() - t0) / 1e6);
        try {
            double[] p50p99 = measure(runner, spec, control.validation(), recent);
            ValidationReport.Golden golden = golden(runner, p, spec, control.validation());
            return new Validated(runner, new ValidationReport(loadMs, p50p99[0], p50p99[1], golden));
        } catch (CommandException | RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /** @return p50 and p99 of the timed runs, ms */
    private static double[] measure(ModelRunner runner, PipelineSpec spec, ControlConfig.Validation v,
            List<Window> recent)
            throws CommandException {
        // Recent windows are real inputs only if they have the shape this config gives the model.
        int[] dims = dims(spec);
        List<Window> real = recent.stream().filter(w -> Arrays.equals(w.dims(), dims)).toList();
        List<Window> inputs = real.isEmpty() ? List.of(input(0, spec, new float[values(spec)])) : real;
        double[] ms = new double[v.latencyRuns()];
        Double budget = spec.model().latencyBudgetMs();
        int rank = Quantiles.rank(ms.length, 99);
        int over = 0;
        for (int i = 0; i < v.warmupRuns() + v.latencyRuns(); i++) {
            Window w = inputs.get(i % inputs.size());
            long s = System.nanoTime();
            float[] logits = predict(runner, w);
            double d = (System.nanoTime() - s) / 1e6;
            if (PostProcessor.nonFinite(logits) != null) {
                throw new CommandException("non_finite_output",
                        "model produces non-finite outputs (NaN or infinity) on "
                                + (real.isEmpty() ? "a zero window" : "recent sensor windows"));
            }
            if (i >= v.warmupRuns()) {
                ms[i - v.warmupRuns()] = d;
                // Once more runs are over budget than the p99 allows, no later run can bring it back.
                if (budget != null && d > budget && ++over > ms.length - rank) {
                    throw new CommandException("too_slow", String.format(Locale.ROOT, "p99 inference time exceeds "
                            + "model.latency_budget_ms %s: %d of the first %d timed runs took longer (the last %.3f ms)",
                            budget, over, i - v.warmupRuns() + 1, d));
                }
            }
        }
        Arrays.sort(ms);
        return new double[]{ValidationReport.round(Quantiles.percentile(ms, 50)),
                ValidationReport.round(ms[rank - 1])};
    }

    private static ValidationReport.Golden golden(ModelRunner runner, Proposal p, PipelineSpec spec,
            ControlConfig.Validation v) throws CommandException {
        List<GoldenSamples.Sample> golden = p.golden();
        if (golden.isEmpty()) {
            return null;
        }
        PostProcessor post = new PostProcessor(p.labels());
        int correct = 0;
        String firstWrong = null;
        for (int i = 0; i < golden.size(); i++) {
            GoldenSamples.Sample s = golden.get(i);
            float[] logits = predict(runner, input(i, spec, s.input()));
            String got = PostProcessor.nonFinite(logits) != null
                    ? "no answer (" + PostProcessor.nonFinite(logits) + ")"
                    : post.classify(logits).label();
            if (got.equals(s.label())) {
                correct++;
            } else if (firstWrong == null) {
                firstWrong = "sample " + i + " expected " + s.label() + ", got " + got;
            }
        }
        double accuracy = (double) correct / golden.size();
        if (accuracy < v.goldenMinAccuracy()) {
            throw new CommandException("golden_failed", String.format(Locale.ROOT,
                    "%d of %d golden samples (from %s) labelled wrong (accuracy %.1f %% < control.validation.golden_min_accuracy "
                            + "%.1f %%); first: %s", golden.size() - correct, golden.size(), p.goldenFrom(), accuracy
                                    * 100,
                    v.goldenMinAccuracy() * 100, firstWrong));
        }
        return new ValidationReport.Golden(golden.size(), correct);
    }

    /** The pipeline's model input dims, without the batch: {@code [channels, size]}, or an image's {@code [3, h, w]}. */
    private static int[] dims(PipelineSpec spec) {
        return spec.source().inputDims(spec.window());
    }

    /** Values in one model input: the product of the pipeline's input dims. */
    static int values(PipelineSpec spec) {
        return Window.elements(dims(spec));
    }

    /** A model input of the pipeline's shape. */
    private static Window input(long index, PipelineSpec spec, float[] data) {
        return Window.of(index, dims(spec), data);
    }

    private static float[] predict(ModelRunner runner, Window w) throws CommandException {
        try {
            return runner.predict(w).logits();
        } catch (InferenceException e) {
            throw new CommandException("inference_failed", "model fails during validation: " + e.getMessage(), e);
        }
    }

    static String code(ModelLoadException.Reason r) {
        return switch (r) {
            case UNREADABLE -> "not_found";
            case NOT_A_MODEL -> "not_a_model";
            case INPUT_SHAPE -> "wrong_input_shape";
            case LABEL_COUNT -> "wrong_label_count";
            case NON_FINITE -> "non_finite_output";
            case ENGINE_MISMATCH -> "engine_mismatch";
            case OUTPUT -> "wrong_output";
            case OTHER -> "model_rejected";
        };
    }
}
