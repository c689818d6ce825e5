package io.edgeinfer.bench;

import io.edgeinfer.model.ManifestException;
import io.edgeinfer.model.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code edgeinfer bench models OLD,NEW --data CAPTURED --data ORIGINAL}: every model on every data
 * set, so a fine-tuned model is judged on the drifted data it was made for and on the original
 * data it must not forget, in one run. The inputs are checked first, all of them, because a
 * comparison with a row missing answers nothing: a model whose manifest does not take a data set's
 * samples, or does not know one of its labels, is refused before anything loads.
 */
public final class DataComparison {
    private final List<EvalData> sets;
    private final BenchSettings settings;
    private final Consumer<String> warn;

    public DataComparison(List<EvalData> sets, BenchSettings settings, Consumer<String> warn) {
        if (sets.size() < 2) {
            throw new IllegalArgumentException("a comparison needs two data sets or more, got " + sets.size());
        }
        this.sets = List.copyOf(sets);
        this.settings = settings;
        this.warn = warn;
    }

    /**
     * Refuses models that cannot be compared on these data sets, naming each model and data set.
     *
     * @throws BenchDataException with one line per problem
     */
    public void check(List<Path> models) throws BenchDataException {
        List<String> problems = new ArrayList<>();
        for (Path model : models) {
            Optional<ModelManifest> m = manifest(model);
            if (m.isEmpty()) {
                continue;
            }
            for (EvalData d : sets) {
                if (!m.get().inputShape().equals(d.inputShape())) {
                    problems.add("--data " + d.source() + ": samples " + d.sampleShape() + " do not fit model "
                            + model + " (input " + m.get().inputShape() + ")");
                    continue;
                }
                List<String> unknown = d.labels().stream().filter(l -> !m.get().labels().contains(l)).toList();
                if (!unknown.isEmpty()) {
                    problems.add("--data " + d.source() + ": labels " + unknown + " are not among model " + model
                            + "'s labels " + m.get().labels());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BenchDataException(String.join("\n", problems));
        }
    }

    private static Optional<ModelManifest> manifest(Path model) {
        try {
            return ModelManifest.besides(model);
        } catch (ManifestException e) {
            // the evaluation notes a broken manifest in the model's row and runs it without one
            return Optional.empty();
        }
    }

    /** Runs every model on each data set in turn: one bench run per data set, in the order given. */
    public List<BenchRun> run(List<Path> models, boolean showProgress) {
        List<BenchRun> runs = new ArrayList<>();
        for (EvalData d : sets) {
            runs.add(new ModelBench(d, settings, warn).run(models, showProgress));
        }
        return runs;
    }
}
