package io.edgeinfer.bench.cli;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.SwapBench;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.data.Quantiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench swap}: the daemon at a fixed window rate, hot-swapping between two models
 * over MQTT; reports the stall a swap causes against steady running in the same run.
 */
@Command(name = "swap", description = "Model hot-swaps under load: stall and latency during swaps vs steady.")
class SwapBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Option(names = "--model-a", defaultValue = "models/vibration_int8.pt", description = "Model serving first (default: ${DEFAULT-VALUE})")
    Path modelA;

    @Option(names = "--model-b", defaultValue = "models/vibration_fp32.pt", description = "Model swapped in (default: ${DEFAULT-VALUE})")
    Path modelB;

    @Option(names = "--swaps", defaultValue = "10", description = "Swaps, alternating b, a, b, ... (default: ${DEFAULT-VALUE})")
    int swaps;

    @Option(names = "--pause", defaultValue = "4", description = "Seconds of steady running between swaps (default: ${DEFAULT-VALUE})")
    double pauseS;

    @Option(names = "--hop", defaultValue = "2", description = "Window hop at 400 Hz; 2 = 200 windows/s (default: ${DEFAULT-VALUE})")
    int hop;

    @Override
    public Integer call() throws Exception {
        if (swaps < 1 || pauseS < 1 || hop < 1 || hop > 256) {
            System.err.println("--swaps >= 1, --pause >= 1, --hop 1-256");
            return ExitCodes.USAGE;
        }
        Path dir = Files.createTempDirectory("edgeinfer-bench-swap");
        Path models = Files.createDirectories(dir.resolve("models"));
        Path a = Files.copy(modelA, models.resolve("a.pt"));
        Path b = Files.copy(modelB, models.resolve("b.pt"));
        Path config = dir.resolve("bench.yaml");
        Files.writeString(config, """
                device_id: bench-swap
                model: {path: models/a.pt, labels: [normal, imbalance, misalignment, bearing_fault]}
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 256, hop: %d}
                pipeline: {queue_capacity: 1000, overflow: block}
                mqtt: {broker: embedded, embedded: {port: 0}}
                outbox: {enabled: false}
                telemetry: {interval_s: 60}
                control: {allow_unsigned: true, model_dir: models, state_dir: state, keep_versions: 2,
                          watch_config_file: false, rollback: {watch_s: 0}}
                """.formatted(hop));
        Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), Clock.systemUTC(), config);
        try (ControlClient client = new ControlClient(daemon.brokerUrl(), daemon.topics().base(),
                new CommandSigner(null, Clock.systemUTC()))) {
            SwapBench bench = new SwapBench(daemon.loop(), client);
            List<SwapBench.Swap> done = bench.run(a, b, swaps, pauseS);
            print(bench, done, daemon);
        } finally {
            daemon.close();
        }
        return ExitCodes.OK;
    }

    private void print(SwapBench bench, List<SwapBench.Swap> done, Daemon daemon) {
        SwapBench.Stretches swap = bench.during(done);
        SwapBench.Stretches steady = bench.steady(done, pauseS);
        double period = 1000.0 * hop / 400;
        System.out.printf(Locale.ROOT, "%s <-> %s, %d swaps at %.0f windows/s (period %.1f ms), %d s apart%n",
                modelA, modelB, done.size(), 1000 / period, period, (long) pauseS);
        System.out.printf(Locale.ROOT,
                "swap command -> answer: median %.0f ms (device: load %.0f ms, validation p99 %.3f ms, medians)%n",
                Quantiles.median(done.stream().mapToDouble(s -> (s.answeredNanos() - s.sentNanos()) / 1e6).toArray()),
                Quantiles.median(done.stream().mapToDouble(SwapBench.Swap::loadMs).toArray()),
                Quantiles.median(done.stream().mapToDouble(SwapBench.Swap::p99Ms).toArray()));
        System.out.printf(Locale.ROOT, "%-22s %12s %14s %14s %12s %8s%n", "stretches", "median gap", "median max gap",
                "worst max gap", "p99 latency", "windows");
        row("during swaps", swap);
        row("steady (same lengths)", steady);
        System.out.printf(Locale.ROOT,
                "stall: median max gap during swaps / window period = %.1f; / steady median max gap = %.2f%n",
                Quantiles.median(swap.maxGapMs()) / period, Quantiles.median(swap.maxGapMs()) / Quantiles.median(steady
                        .maxGapMs()));
        System.out.printf(Locale.ROOT,
                "p99 latency during swaps / steady = %.2f; dropped windows %d, inference errors %d%n",
                swap.p99LatencyMs() / steady.p99LatencyMs(), daemon.stats().droppedTotal(), daemon.stats()
                        .errorsTotal());
        System.out.println("max gap per swap (ms): " + Arrays.toString(Arrays.stream(swap.maxGapMs()).map(v -> Math
                .round(v * 10) / 10.0).toArray()));
    }

    private static void row(String name, SwapBench.Stretches s) {
        System.out.printf(Locale.ROOT, "%-22s %9.2f ms %11.2f ms %11.2f ms %9.2f ms %8d%n", name, s.medianGapMs(),
                Quantiles.median(s.maxGapMs()), SwapBench.max(s.maxGapMs()), s.p99LatencyMs(), s.predictions());
    }
}
