package io.edgeinfer.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.AnomalyBench;
import io.edgeinfer.bench.AnomalyCostBench;
import io.edgeinfer.bench.AnomalyReport;
import io.edgeinfer.bench.AnomalySettings;
import io.edgeinfer.bench.BenchDataException;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench anomaly}: anomaly detectors side by side on recordings ({@link AnomalyBench}),
 * or with {@code --cost} what the stage costs per window beside the demo classifier
 * ({@link AnomalyCostBench}). docs/anomaly.md and docs/BENCHMARKS.md show both in use.
 */
@Command(name = "anomaly", description = {
        "Anomaly detectors side by side: learn on the start of --normal, false alarms on the rest of it,",
        "ROC AUC, detection rate and delay on --abnormal (row 0 = the fault's onset). Markdown, or --json.",
        "  --cost: microseconds per window of the anomaly stage vs the demo classifier's inference."})
class AnomalyBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--normal", paramLabel = "CSV", description = "Normal running, windows in time order (.csv or .csv.gz)")
    Path normal;

    @Option(names = "--abnormal", paramLabel = "CSV", description = "A fault from its onset (row 0), windows in time order")
    Path abnormal;

    @Option(names = "--control", paramLabel = "CSV", description = "The abnormal file's condition without the fault: scored alike, a baseline for the AUC")
    Path control;

    @Option(names = "--detector", split = ",", paramLabel = "NAME", description = "stats and/or autoencoder (default: stats, and autoencoder for each --model)")
    List<String> detectors;

    @Option(names = "--model", split = ",", paramLabel = "FILE", description = "Autoencoder TorchScript file(s)")
    List<Path> models;

    @Option(names = "--config", paramLabel = "FILE.yaml", description = "A YAML file whose 'anomaly:' section sets the features and detector (other keys are ignored)")
    Path config;

    @Option(names = "--rate-hz", defaultValue = "400", description = "Sample rate of the recordings (default: ${DEFAULT-VALUE})")
    double rateHz;

    @Option(names = "--hop", description = "Samples between consecutive rows' starts (default: half a window)")
    Integer hop;

    @Option(names = "--units", description = "Unit of every channel (g, m/s^2) for severity (default: unknown)")
    String units;

    @Option(names = "--learn-windows", description = "Windows to learn from (default: what the false-alarm budget needs)")
    Integer learnWindows;

    @Option(names = "--json", description = "Print JSON instead of Markdown")
    boolean json;

    @Option(names = "--cost", description = "Measure the stage's cost per window instead (needs --classifier)")
    boolean cost;

    @Option(names = "--classifier", defaultValue = "models/vibration_int8.pt", paramLabel = "FILE", description = "With --cost: the classifier to compare with (default: ${DEFAULT-VALUE})")
    Path classifier;

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(5);

    @Option(names = "--paced", defaultValue = "0", paramLabel = "N", description = "With --cost: also N windows of the demo's shape at its live cadence, one every 0.32 s")
    int paced;

    @Override
    public Integer call() throws IOException {
        BenchOptions.Threads.configureEngine(1);
        Path work = Files.createTempDirectory("edgeinfer-anomaly-bench");
        try {
            return cost ? cost(work) : compare(work);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.USAGE;
        } catch (BenchDataException | ModelLoadException | InferenceException e) {
            System.err.println(e.getMessage());
            return ExitCodes.FATAL;
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private int compare(Path work) throws IOException, ConfigException, BenchDataException {
        if (normal == null || abnormal == null) {
            System.err.println("--normal and --abnormal are required (or --cost)");
            return ExitCodes.USAGE;
        }
        int size = AnomalyBench.windowSize(normal);
        int h = hop == null ? Math.max(1, size / 2) : hop;
        List<AnomalyBench.Candidate> candidates = new ArrayList<>();
        List<String> wanted = detectors != null
                ? detectors
                : models == null ? List.of("stats") : List.of("stats", "autoencoder");
        for (String d : wanted) {
            if (d.equals("stats")) {
                candidates.add(new AnomalyBench.Candidate("stats", read(AnomalyConfig.Detector.STATS, null)));
            } else if (d.equals("autoencoder") && models != null) {
                for (Path m : models) {
                    candidates.add(new AnomalyBench.Candidate(stem(m), read(AnomalyConfig.Detector.AUTOENCODER, m)));
                }
            } else {
                System.err.println("--detector " + d + ": stats, or autoencoder with --model FILE");
                return ExitCodes.USAGE;
            }
        }
        List<AnomalyBench.Result> results = AnomalyBench.run(new AnomalyBench.Settings(normal, abnormal, control,
                rateHz, h, units),
                candidates, work);
        System.out.print(json ? JSON.writeValueAsString(results) + "\n" : AnomalyReport.markdown(results, rateHz, h));
        return results.stream().allMatch(r -> r.status().equals("ok")) ? ExitCodes.OK : ExitCodes.FATAL;
    }

    private int cost(Path work) throws IOException, ModelLoadException, InferenceException {
        List<AnomalyCostBench.Row> rows = new ArrayList<>(AnomalyCostBench.run(AnomalyCostBench.standardCases(),
                classifier,
                rounds.rounds, 2000, work));
        if (paced > 0) {
            try {
                rows.add(AnomalyCostBench.paced(classifier, paced, 320, work));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.FATAL;
            }
        }
        System.out.print(json ? JSON.writeValueAsString(rows) + "\n" : AnomalyReport.costMarkdown(rows, classifier));
        return ExitCodes.OK;
    }

    private AnomalyConfig read(AnomalyConfig.Detector detector, Path model) throws IOException, ConfigException {
        return AnomalySettings.fromFile(config, detector, model, learnWindows, rateHz);
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".pt") ? n.substring(0, n.length() - 3) : n.toLowerCase(Locale.ROOT);
    }
}
