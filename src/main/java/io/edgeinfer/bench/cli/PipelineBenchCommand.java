package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.LatencyStats;
import io.edgeinfer.bench.PipelineBench;
import io.edgeinfer.bench.RawBench;
import io.edgeinfer.data.Quantiles;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.Window;
import io.edgeinfer.telemetry.ProcessStats;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench pipeline}: the raw DJL predict loop against the full pipeline to a real
 * broker, alternated in rounds within one process so the ratio is fair on a noisy machine.
 */
@Command(name = "pipeline",
        description = "Raw DJL predict loop vs the full pipeline (simulated source -> windower -> queue -> model -> MQTT QoS 1).")
class PipelineBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "TorchScript model")
    Path model;

    @Mixin
    BenchOptions.Windows windows = new BenchOptions.Windows(2000);

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(5);

    @Mixin
    BenchOptions.Threads threads = new BenchOptions.Threads();

    @Option(names = "--window-size", defaultValue = "256", description = "Samples per window (default: ${DEFAULT-VALUE})")
    int size;

    @Mixin
    BenchOptions.Broker broker = new BenchOptions.Broker();

    @Override
    public Integer call() throws Exception {
        if (threads.threads < 1) {
            System.err.println("--threads must be >= 1");
            return ExitCodes.USAGE;
        }
        if (windows.windows < 10 || rounds.rounds < 1) {
            System.err.println("--windows must be >= 10 and --rounds >= 1");
            return ExitCodes.USAGE;
        }
        threads.configureEngine();
        DjlModelRunner runner;
        try {
            runner = DjlModelRunner.load(model, model.getFileName().toString(), "bench", VibrationInputs.labels(), 3, size);
        } catch (ModelLoadException e) {
            return LoadedModels.refused(e);
        }
        List<Window> data = VibrationInputs.windows(windows.windows, size);
        try (runner; BenchOptions.Broker.Connection mqtt = broker.open()) {
            // Warm-up until the JIT has compiled both paths (a few thousand windows each).
            for (int i = 0; i < 3; i++) {
                RawBench.run(runner, data);
                PipelineBench.run(runner, mqtt.url(), windows.windows, size);
            }
            List<LatencyStats> raw = new ArrayList<>();
            List<PipelineBench.Result> pipe = new ArrayList<>();
            for (int r = 0; r < rounds.rounds; r++) {
                raw.add(RawBench.run(runner, data));
                pipe.add(PipelineBench.run(runner, mqtt.url(), windows.windows, size));
            }
            print(raw, pipe, mqtt.url());
        }
        return ExitCodes.OK;
    }

    private void print(List<LatencyStats> raw, List<PipelineBench.Result> pipe, String url) {
        LatencyStats a = Quantiles.medianBy(raw, LatencyStats::throughput);
        PipelineBench.Result b = Quantiles.medianBy(pipe, r -> r.service().throughput());
        System.out.printf(Locale.ROOT, "model %s, %d windows x %d rounds, window [1, 3, %d], %d intra-op thread(s), broker %s%n",
                model, windows.windows, rounds.rounds, size, threads.threads, url);
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
}
