package io.edgeinfer.app;

import io.edgeinfer.bench.LatencyStats;
import io.edgeinfer.bench.PipelineBench;
import io.edgeinfer.bench.RawBench;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.pipeline.Window;
import io.edgeinfer.sensor.MachineState;
import io.edgeinfer.sensor.SimulatedDataset;
import io.edgeinfer.telemetry.ProcessStats;
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
 * {@code edgeinfer bench}: the raw DJL predict loop against the full pipeline to a real broker,
 * alternated in rounds within one process so the ratio is fair on a noisy machine.
 */
@Command(name = "bench", description = "Benchmark a model: raw DJL predict loop vs the full pipeline (source -> MQTT).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "TorchScript model")
    Path model;

    @Option(names = "--windows", defaultValue = "2000", description = "Windows per measured run (default: ${DEFAULT-VALUE})")
    int windows;

    @Option(names = "--rounds", defaultValue = "5", description = "Alternating raw/pipeline rounds; medians reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--window-size", defaultValue = "256", description = "Samples per window (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--broker", description = "MQTT broker URL (default: an embedded broker on a free loopback port)")
    String broker;

    @Override
    public Integer call() throws Exception {
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
