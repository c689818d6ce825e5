package io.edgeinfer.bench;

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

    public BenchRun run(List<Path> models, boolean showProgress) {
        EngineSelector engines = EngineSelector.open(settings.threads(), warn);
        List<ModelResult> results = new ArrayList<>();
        ProgressBar bar = showProgress ? new ProgressBarBuilder().setTaskName("bench").setStyle(ProgressBarStyle.ASCII)
                .setInitialMax(1).setUpdateIntervalMillis(250).build() : null;
        try {
            ModelEvaluator evaluator = new ModelEvaluator(data, settings, engines, k -> {
                if (bar != null) {
                    bar.stepBy(k);
                }
            });
            if (bar != null) {
                bar.maxHint((long) evaluator.steps() * models.size());
            }
            for (Path m : models) {
                if (bar != null) {
                    bar.setExtraMessage(m.getFileName().toString());
                }
                results.add(evaluator.evaluate(m));
            }
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
