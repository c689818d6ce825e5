package io.edgeinfer.control;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelOutput;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.model.Window;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads a candidate model off the inference thread and proves it before it may serve: it loads and
 * fits the pipeline (input shape, one output per label, finite outputs: {@link ModelLoader}), it
 * warms up and stays finite on the windows the sensor produced last, its p99 is within
 * {@code model.latency_budget_ms} when set, and it labels the golden samples correctly at least as
 * often as {@code control.validation.golden_min_accuracy} asks. A candidate that fails is closed.
 */
final class ModelValidator {
    private final ModelLoader loader;

    ModelValidator(ModelLoader loader) {
        this.loader = loader;
    }

    /** A model that passed, with what was measured. */
    record Candidate(ModelRunner runner, Map<String, Object> report) {}

    /** @param goldenFrom where the golden samples came from, for the error ("the command", "manifest x.json") */
    Candidate validate(Path file, String name, String version, List<String> labels, DaemonConfig config,
            List<Window> recent, List<GoldenSamples.Sample> golden, String goldenFrom) throws CommandException {
        long t0 = System.nanoTime();
        ModelRunner runner;
        try {
            runner = loader.load(file, name, version, labels, config.source().inputDims(config.window()),
                    config.source().inputDimsFrom());
        } catch (ModelLoadException e) {
            throw new CommandException(code(e.reason()), e.getMessage(), e);
        }
        long loadNanos = System.nanoTime() - t0;
        try {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("load_ms", round(loadNanos / 1e6));
            measure(runner, config, recent, report);
            golden(runner, labels, golden, goldenFrom, config, report);
            return new Candidate(runner, report);
        } catch (CommandException | RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    private static void measure(ModelRunner runner, DaemonConfig config, List<Window> recent, Map<String, Object> report)
            throws CommandException {
        ControlConfig.Validation v = config.control().validation();
        // Recent windows are real inputs only if they have the shape this config gives the model.
        int[] dims = config.source().inputDims(config.window());
        List<Window> real = recent.stream().filter(w -> Arrays.equals(w.dims(), dims)).toList();
        List<Window> inputs = real.isEmpty()
                ? List.of(input(0, config, new float[values(config)]))
                : real;
        double[] ms = new double[v.latencyRuns()];
        Double budget = config.model().latencyBudgetMs();
        int rank = (int) Math.ceil(0.99 * ms.length);
        int over = 0;
        for (int i = 0; i < v.warmupRuns() + v.latencyRuns(); i++) {
            Window w = inputs.get(i % inputs.size());
            long s = System.nanoTime();
            float[] logits = predict(runner, w);
            double d = (System.nanoTime() - s) / 1e6;
            for (float f : logits) {
                if (!Float.isFinite(f)) {
                    throw new CommandException("non_finite_output", "model produces non-finite outputs (NaN or infinity) on "
                            + (real.isEmpty() ? "a zero window" : "recent sensor windows"));
                }
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
        report.put("p50_ms", round(ms[(int) Math.ceil(0.50 * ms.length) - 1]));
        report.put("p99_ms", round(ms[rank - 1]));
    }

    private static void golden(ModelRunner runner, List<String> labels, List<GoldenSamples.Sample> golden, String from,
            DaemonConfig config, Map<String, Object> report) throws CommandException {
        if (golden.isEmpty()) {
            return;
        }
        ControlConfig.Validation v = config.control().validation();
        PostProcessor post = new PostProcessor(labels);
        int correct = 0;
        String firstWrong = null;
        for (int i = 0; i < golden.size(); i++) {
            GoldenSamples.Sample s = golden.get(i);
            String got = post.classify(predict(runner, input(i, config, s.input()))).label();
            if (got.equals(s.label())) {
                correct++;
            } else if (firstWrong == null) {
                firstWrong = "sample " + i + " expected " + s.label() + ", got " + got;
            }
        }
        double accuracy = (double) correct / golden.size();
        report.put("golden", Map.of("total", golden.size(), "correct", correct));
        if (accuracy < v.goldenMinAccuracy()) {
            throw new CommandException("golden_failed", String.format(Locale.ROOT,
                    "%d of %d golden samples (from %s) labelled wrong (accuracy %.1f %% < control.validation.golden_min_accuracy "
                    + "%.1f %%); first: %s", golden.size() - correct, golden.size(), from, accuracy * 100,
                    v.goldenMinAccuracy() * 100, firstWrong));
        }
    }

    /** Values in one model input: the product of the pipeline's input dims. */
    static int values(DaemonConfig config) {
        return Window.elements(config.source().inputDims(config.window()));
    }

    /** A model input of the pipeline's shape ({@code [channels, size]}, or an image's {@code [3, h, w]}). */
    private static Window input(long index, DaemonConfig config, float[] data) {
        return Window.of(index, config.source().inputDims(config.window()), data);
    }

    private static float[] predict(ModelRunner runner, Window w) throws CommandException {
        try {
            ModelOutput out = runner.predict(w);
            return out.logits();
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
            case OUTPUT -> "wrong_output";
            case OTHER -> "model_rejected";
        };
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
