package io.edgeinfer.bench;

import io.edgeinfer.data.Quantiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code edgeinfer bench --models ... --data ...}: every model on the same data on this device, one
 * after the other (one loaded at a time, so each peak-RSS figure is its own), with a progress bar
 * on stderr.
 */
public final class ModelBench {
    private final EvalData data;
    private final BenchSettings settings;
    private final Consumer<String> warn;

    public ModelBench(EvalData data, BenchSettings settings, Consumer<String> warn) {
        this.data = data;
        this.settings = settings;
        this.warn = warn;
    }

    /** Resolves {@code --models} and {@code --data} arguments; errors name the argument. */
    public static List<Path> modelFiles(List<Path> items) throws BenchDataException {
        return ModelFiles.resolve(items);
    }

    /**
     * The round with the median p50 latency, keeping the first round's accuracy, memory and notes
     * (accuracy is the same every round; peak RSS is only clean on the first load).
     */
    static ModelResult medianRound(List<ModelResult> rounds) {
        ModelResult first = rounds.get(0);
        List<ModelResult> timed = rounds.stream().filter(r -> r.latency() != null).toList();
        if (timed.size() < 2) {
            return first;
        }
        ModelResult m = Quantiles.medianBy(timed, r -> r.latency().p50());
        return new ModelResult(first.name(), first.file(), first.sizeBytes(), first.sha256(), first.problem(), first
                .params(),
                first.nonzeroParams(), first.paramsSource(), first.macs(), first.accuracy(), first.perClass(), m
                        .latency(),
                m.throughputPerS(), first.loadMs(), first.peakRssDeltaMb(), m.energyPerInferenceMj(), m.energySource(),
                first.quantizedEngine(), first.golden(), first.notes());
    }

    /**
     * Runs every model (in {@code rounds} turns) and gathers the results.
     *
     * @throws IllegalArgumentException when the requested quantized engine is not available
     */
    public BenchRun run(List<Path> models, boolean showProgress) {
        EngineSelector engines = EngineSelector.open(settings.threads(), settings.quantizedEngine(), warn);
        List<ModelResult> results = new ArrayList<>();
        ProgressBar bar = showProgress
                ? new ProgressBarBuilder().setTaskName("bench").setStyle(ProgressBarStyle.ASCII)
                        .setInitialMax(1).setUpdateIntervalMillis(250).build()
                : null;
        try {
            ModelEvaluator evaluator = new ModelEvaluator(data, settings, engines, k -> {
                if (bar != null) {
                    bar.stepBy(k);
                }
            });
            if (bar != null) {
                bar.maxHint((long) evaluator.steps() * models.size() * settings.rounds());
            }
            List<List<ModelResult>> rounds = new ArrayList<>();
            models.forEach(m -> rounds.add(new ArrayList<>()));
            for (int round = 0; round < settings.rounds(); round++) {
                for (int i = 0; i < models.size(); i++) {
                    if (bar != null) {
                        bar.setExtraMessage(models.get(i).getFileName() + (settings.rounds() > 1
                                ? " (round " + (round + 1) + ")"
                                : ""));
                    }
                    rounds.get(i).add(evaluator.evaluate(models.get(i)));
                }
            }
            rounds.forEach(r -> results.add(medianRound(r)));
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        String machine = System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version");
        return new BenchRun(data.source(), data.samples().size(), data.inputShape(), data.labels(), machine,
                settings.threads(), settings.meter() == null ? "none" : settings.meter().source(), engines.supported(),
                engines.defaultEngine(), results);
    }
}
