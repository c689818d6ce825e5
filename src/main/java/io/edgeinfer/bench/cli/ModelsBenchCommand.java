package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.BenchDataException;
import io.edgeinfer.bench.BenchReport;
import io.edgeinfer.bench.BenchRun;
import io.edgeinfer.bench.BenchSettings;
import io.edgeinfer.bench.ComparisonReport;
import io.edgeinfer.bench.DataComparison;
import io.edgeinfer.bench.EnergyCounter;
import io.edgeinfer.bench.EvalData;
import io.edgeinfer.bench.ModelBench;
import io.edgeinfer.bench.ModelResult;
import io.edgeinfer.bench.ParetoPlot;
import io.edgeinfer.telemetry.board.HostPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgeinfer bench models}: every model evaluated on the same data on this device (accuracy,
 * latency, size, parameters, MACs, memory, energy); a Markdown table or JSON on stdout.
 */
@Command(name = "models", description = "Evaluate every model on the same data: accuracy, latency, size, parameters, MACs, memory, energy.")
class ModelsBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Parameters(split = ",", paramLabel = "DIR_OR_FILES", arity = "0..*", description = "Models to evaluate: .pt files and/or folders of them")
    List<Path> models = new ArrayList<>();

    /** The spelling of {@code bench --models}, kept for scripts. */
    @Option(names = "--models", split = ",", paramLabel = "DIR_OR_FILES", hidden = true)
    List<Path> modelsOption = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE.csv|DIR", description = "Labelled data: a CSV (label,x_0..,y_0..) or an image folder DIR/<label>/*.png;"
            + " given twice or more (e.g. captured and original test data), every model on each, accuracy side by side")
    List<Path> data = new ArrayList<>();

    @Option(names = "--labels", split = ",", description = "Output labels for models without a manifest")
    List<String> labels;

    @Option(names = "--power", defaultValue = "off", paramLabel = "SOURCE", description = "Energy per inference from: rapl (x86 hosts: the psys platform zone where there is one,"
            + " else the CPU packages), off/none (default: ${DEFAULT-VALUE})")
    String power;

    @Option(names = "--json", description = "Print JSON instead of Markdown")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write an accuracy-vs-latency chart (PNG)")
    Path plot;

    @Option(names = "--runs", defaultValue = "200", description = "At least this many timed inferences per model, in whole passes over the data (default: ${DEFAULT-VALUE})")
    int minRuns;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed inferences per model first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--qengine", paramLabel = "ENGINE", description = "Run int8 models on this quantized engine instead of the one their manifest names (qnnpack, x86, fbgemm, onednn)")
    String qengine;

    @Option(names = "--no-progress", description = "No progress bar on stderr")
    boolean noProgress;

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(1);

    @Mixin
    BenchOptions.Threads threads = new BenchOptions.Threads();

    @Override
    public Integer call() throws IOException {
        List<Path> items = new ArrayList<>(modelsOption);
        items.addAll(models);
        if (threads.threads < 1) {
            System.err.println("--threads must be >= 1");
            return ExitCodes.USAGE;
        }
        if (items.isEmpty()) {
            System.err.println("name the models to evaluate: bench models DIR_OR_FILES --data FILE.csv|DIR");
            return ExitCodes.USAGE;
        }
        if (data.isEmpty() || minRuns < 1 || warmup < 0 || rounds.rounds < 1) {
            System.err.println("--models needs --data FILE.csv|DIR; --runs and --rounds must be >= 1, --warmup >= 0");
            return ExitCodes.USAGE;
        }
        try {
            EnergyCounter meter = energyMeter();
            threads.configureEngine();
            List<EvalData> sets = new ArrayList<>();
            for (Path d : data) {
                sets.add(EvalData.load(d));
            }
            List<Path> files = ModelBench.modelFiles(items);
            BenchSettings settings = new BenchSettings(labels, warmup, minRuns, threads.threads, meter, rounds.rounds,
                    qengine);
            return sets.size() == 1 ? single(sets.get(0), settings, files) : compared(sets, settings, files);
        } catch (BenchDataException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    private int single(EvalData evalData, BenchSettings settings, List<Path> files) throws IOException {
        BenchRun run = new ModelBench(evalData, settings, System.err::println).run(files, !noProgress);
        System.out.print(json ? BenchReport.json(run) : BenchReport.markdown(run));
        if (plot != null) {
            ParetoPlot.write(run, plot);
            System.err.println("wrote " + plot);
        }
        return run.models().stream().anyMatch(ModelResult::ok) ? ExitCodes.OK : ExitCodes.FATAL;
    }

    private int compared(List<EvalData> sets, BenchSettings settings, List<Path> files) throws BenchDataException {
        if (plot != null) {
            throw new BenchDataException("--plot takes one --data (a chart per data set: run them one at a time)");
        }
        DataComparison comparison = new DataComparison(sets, settings, System.err::println);
        comparison.check(files);
        List<BenchRun> runs = comparison.run(files, !noProgress);
        System.out.print(json ? ComparisonReport.json(runs) : ComparisonReport.markdown(runs));
        boolean everyRowOk = runs.stream().allMatch(r -> r.models().stream().allMatch(ModelResult::ok));
        return everyRowOk ? ExitCodes.OK : ExitCodes.FATAL;
    }

    private EnergyCounter energyMeter() throws BenchDataException {
        switch (power.toLowerCase(Locale.ROOT)) {
            case "off", "none" :
                return null;
            case "rapl" :
                try {
                    return EnergyCounter.rapl(HostPaths.system());
                } catch (BenchDataException e) {
                    throw new BenchDataException("--power rapl: " + e.getMessage(), e);
                }
            default :
                throw new BenchDataException("--power must be rapl, off or none, got '" + power + "'");
        }
    }
}
