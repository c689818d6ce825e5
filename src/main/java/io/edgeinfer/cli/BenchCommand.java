package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.BenchDataException;
import io.edgeinfer.bench.BenchReport;
import io.edgeinfer.bench.BenchRun;
import io.edgeinfer.bench.BenchSettings;
import io.edgeinfer.bench.EnergyMeter;
import io.edgeinfer.bench.EvalData;
import io.edgeinfer.bench.LatencyStats;
import io.edgeinfer.bench.ModelBench;
import io.edgeinfer.bench.ModelResult;
import io.edgeinfer.bench.ParetoPlot;
import io.edgeinfer.bench.PipelineBench;
import io.edgeinfer.bench.RaplEnergyMeter;
import io.edgeinfer.bench.RawBench;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.model.Window;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.sensor.SimulatedDataset;
import io.edgeinfer.telemetry.ProcessStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench}, two modes. {@code --model FILE}: the raw DJL predict loop against the
 * full pipeline to a real broker, alternated in rounds within one process so the ratio is fair on a
 * noisy machine. {@code --models DIR_OR_FILES --data FILE.csv|DIR}: every model evaluated on the
 * same data on this device (accuracy, latency, size, parameters, MACs, memory, energy).
 */
@Command(name = "bench", subcommands = io.edgeinfer.bench.AnomalyBenchCommand.class, description = {
    "Benchmark models on this device.",
    "  --model FILE: raw DJL predict loop vs the full pipeline (source -> MQTT).",
    "  --models DIR_OR_FILES --data FILE.csv|DIR: evaluate every model on the same data; Markdown table on stdout."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", description = "TorchScript model (pipeline mode)")
    Path model;

    @Option(names = "--models", split = ",", paramLabel = "DIR_OR_FILES",
            description = "Models to evaluate: .pt files and/or folders of them (evaluation mode)")
    List<Path> models;

    @Option(names = "--data", paramLabel = "FILE.csv|DIR",
            description = "Labelled data: a CSV (label,x_0..,y_0..) or an image folder DIR/<label>/*.png")
    Path data;

    @Option(names = "--labels", split = ",", description = "Output labels for models without a manifest")
    List<String> labels;

    @Option(names = "--power", defaultValue = "off", paramLabel = "SOURCE",
            description = "Energy per inference from: rapl (CPU package, x86 hosts), off/none (default: ${DEFAULT-VALUE})")
    String power;

    @Option(names = "--json", description = "Print JSON instead of Markdown")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write an accuracy-vs-latency chart (PNG)")
    Path plot;

    @Option(names = "--runs", defaultValue = "200", description = "At least this many timed inferences per model, in whole passes over the data (default: ${DEFAULT-VALUE})")
    int minRuns;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed inferences per model first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--qengine", paramLabel = "ENGINE",
            description = "Run int8 models on this quantized engine instead of the one their manifest names (qnnpack, x86, fbgemm, onednn)")
    String qengine;

    @Option(names = "--no-progress", description = "No progress bar on stderr")
    boolean noProgress;

    @Option(names = "--windows", defaultValue = "2000", description = "Windows per measured run (default: ${DEFAULT-VALUE})")
    int windows;

    @Option(names = "--rounds", description = "Alternating rounds, medians reported: raw/pipeline with --model (default 5),"
            + " models taking turns with --models (default 1)")
    Integer rounds;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--window-size", defaultValue = "256", description = "Samples per window (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--broker", description = "MQTT broker URL (default: an embedded broker on a free loopback port)")
    String broker;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (models == null)) {
            System.err.println("give either --model FILE (pipeline benchmark) or --models DIR_OR_FILES --data FILE (evaluation)");
            return ExitCodes.USAGE;
        }
        if (threads < 1) {
            System.err.println("--threads must be >= 1");
            return ExitCodes.USAGE;
        }
        if (rounds == null) {
            rounds = models != null ? 1 : 5;
        }
        return models != null ? evaluate() : pipeline();
    }

    private Integer evaluate() throws IOException {
        if (data == null || minRuns < 1 || warmup < 0 || rounds < 1) {
            System.err.println("--models needs --data FILE.csv|DIR; --runs and --rounds must be >= 1, --warmup >= 0");
            return ExitCodes.USAGE;
        }
        EnergyMeter meter;
        try {
            meter = energyMeter();
            DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), threads);
            EvalData evalData = EvalData.load(data);
            List<Path> files = ModelBench.modelFiles(models);
            BenchSettings settings = new BenchSettings(labels, warmup, minRuns, threads, meter, rounds, qengine);
            BenchRun run = new ModelBench(evalData, settings, System.err::println).run(files, !noProgress);
            System.out.print(json ? BenchReport.json(run) : BenchReport.markdown(run));
            if (plot != null) {
                ParetoPlot.write(run, plot);
                System.err.println("wrote " + plot);
            }
            return run.models().stream().anyMatch(ModelResult::ok) ? ExitCodes.OK : ExitCodes.FATAL;
        } catch (BenchDataException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    private EnergyMeter energyMeter() throws BenchDataException {
        switch (power.toLowerCase(Locale.ROOT)) {
            case "off", "none":
                return null;
            case "rapl":
                try {
                    return RaplEnergyMeter.open(RaplEnergyMeter.SYSFS);
                } catch (IOException e) {
                    throw new BenchDataException("--power rapl: " + e.getMessage(), e);
                }
            default:
                throw new BenchDataException("--power must be rapl, off or none, got '" + power + "'");
        }
    }

    private Integer pipeline() throws Exception {
        if (windows < 10 || rounds < 1) {
            System.err.println("--windows must be >= 10 and --rounds >= 1");
            return ExitCodes.USAGE;
        }
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), threads);
        List<String> labels = Arrays.stream(MachineState.values()).map(MachineState::key).toList();
        DjlModelRunner runner;
        try {
            runner = DjlModelRunner.load(model, model.getFileName().toString(), "bench", labels, 3, size);
        } catch (ModelLoadException e) {
            System.err.println(e.key() + ": " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        List<Window> data = new ArrayList<>();
        SimulatedDataset ds = new SimulatedDataset(11, 400, size);
        for (int i = 0; i < windows; i++) {
            data.add(new Window(i, 0, 0, 0, 3, size, ds.window(i).data()));
        }
        try (runner; EmbeddedBroker embedded = broker == null ? new EmbeddedBroker("127.0.0.1", 0) : null) {
            String url = broker != null ? broker : embedded.url();
            // Warm-up until the JIT has compiled both paths (a few thousand windows each).
            for (int i = 0; i < 3; i++) {
                RawBench.run(runner, data);
                PipelineBench.run(runner, url, windows, size);
            }
            List<LatencyStats> raw = new ArrayList<>();
            List<PipelineBench.Result> pipe = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                raw.add(RawBench.run(runner, data));
                pipe.add(PipelineBench.run(runner, url, windows, size));
            }
            print(raw, pipe, url);
        }
        return ExitCodes.OK;
    }

    private void print(List<LatencyStats> raw, List<PipelineBench.Result> pipe, String url) {
        LatencyStats a = median(raw);
        PipelineBench.Result b = pipe.stream()
                .sorted((x, y) -> Double.compare(x.service().throughput(), y.service().throughput()))
                .toList().get(pipe.size() / 2);
        System.out.printf(Locale.ROOT, "model %s, %d windows x %d rounds, window [1, 3, %d], %d intra-op thread(s), broker %s%n",
                model, windows, rounds, size, threads, url);
        System.out.printf(Locale.ROOT, "%-34s %10s %8s %8s %8s %8s%n", "run (median round)", "windows/s", "p50 ms", "p95 ms", "p99 ms", "max ms");
        row("(a) raw DJL predict loop", a);
        row("(b) pipeline, service per window", b.service());
        row("(b) pipeline, incl. queue wait", b.endToEnd());
        System.out.printf(Locale.ROOT, "ratio b/a throughput: %.3f   (each round: %s)%n", b.service().throughput() / a.throughput(),
                ratios(raw, pipe));
        Double rss = new ProcessStats().rssMb();
        System.out.printf(Locale.ROOT, "process RSS %s MB, heap used %.1f MB, JVM uptime %d ms%n", rss,
                new ProcessStats().heapUsedMb(), ManagementFactory.getRuntimeMXBean().getUptime());
    }

    private static String ratios(List<LatencyStats> raw, List<PipelineBench.Result> pipe) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            r.add(String.format(Locale.ROOT, "%.3f", pipe.get(i).service().throughput() / raw.get(i).throughput()));
        }
        return String.join(", ", r);
    }

    private static void row(String name, LatencyStats s) {
        System.out.printf(Locale.ROOT, "%-34s %10.1f %8.3f %8.3f %8.3f %8.3f%n", name, s.throughput(), s.p50(), s.p95(), s.p99(), s.max());
    }

    private static LatencyStats median(List<LatencyStats> runs) {
        return runs.stream().sorted((x, y) -> Double.compare(x.throughput(), y.throughput())).toList().get(runs.size() / 2);
    }
}
