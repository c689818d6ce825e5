package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.LatencyStats;
import io.edgeinfer.bench.PipelineBench;
import io.edgeinfer.bench.RawBench;
import io.edgeinfer.config.PublishConfig;
import io.edgeinfer.data.Quantiles;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.Window;
import io.edgeinfer.telemetry.ProcessStats;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench pipeline}: the raw DJL predict loop against the full pipeline to a real
 * broker, in one or more publishing modes, alternated in rounds within one process so the ratios
 * are fair on a noisy machine.
 */
@Command(name = "pipeline", description = "Raw DJL predict loop vs the full pipeline (simulated source -> windower -> queue -> model -> "
        + "publishing mode -> MQTT QoS 1).")
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

    @Option(names = "--publish", split = ",", paramLabel = "MODE[,MODE...]", defaultValue = "every", description = "publish.mode of the pipeline: every, on_change, batch; several are measured in turns "
            + "(default: ${DEFAULT-VALUE})")
    List<String> publish;

    @Option(names = "--max-batch", paramLabel = "N", description = "publish.max_batch for batch (default: the config's)")
    Integer maxBatch;

    @Option(names = "--linger-ms", paramLabel = "MS", description = "publish.linger_ms for batch (default: the config's)")
    Long lingerMs;

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
        Map<String, PublishConfig> modes = modes();
        if (modes == null) {
            return ExitCodes.USAGE;
        }
        threads.configureEngine();
        DjlModelRunner runner;
        try {
            runner = DjlModelRunner.load(model, model.getFileName().toString(), "bench", VibrationInputs.labels(), 3,
                    size);
        } catch (ModelLoadException e) {
            return LoadedModels.refused(e);
        }
        List<Window> data = VibrationInputs.windows(windows.windows, size);
        try (runner; BenchOptions.Broker.Connection mqtt = broker.open()) {
            // Warm-up until the JIT has compiled every path (a few thousand windows each).
            for (int i = 0; i < 3; i++) {
                RawBench.run(runner, data);
                for (PublishConfig c : modes.values()) {
                    PipelineBench.run(runner, mqtt.url(), windows.windows, size, c);
                }
            }
            List<LatencyStats> raw = new ArrayList<>();
            double[] rawCpuMs = new double[rounds.rounds];
            Map<String, List<PipelineBench.Result>> pipe = new LinkedHashMap<>();
            modes.keySet().forEach(m -> pipe.put(m, new ArrayList<>()));
            for (int r = 0; r < rounds.rounds; r++) {
                long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                raw.add(RawBench.run(runner, data));
                rawCpuMs[r] = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1e6 / data.size();
                for (Map.Entry<String, PublishConfig> m : modes.entrySet()) {
                    pipe.get(m.getKey()).add(PipelineBench.run(runner, mqtt.url(), windows.windows, size, m
                            .getValue()));
                }
            }
            print(raw, Quantiles.median(rawCpuMs), pipe, modes, mqtt.url());
        }
        return ExitCodes.OK;
    }

    /** Each {@code --publish} mode with the batch options applied; null (after saying why) when one is unknown. */
    private Map<String, PublishConfig> modes() {
        Map<String, PublishConfig> out = new LinkedHashMap<>();
        for (String m : publish) {
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("mode", m);
            if ("batch".equals(m) && maxBatch != null) {
                given.put("max_batch", maxBatch);
            }
            if ("batch".equals(m) && lingerMs != null) {
                given.put("linger_ms", lingerMs);
            }
            try {
                out.put(m, PublishConfig.of(given));
            } catch (IllegalArgumentException e) {
                System.err.println("--publish, --max-batch, --linger-ms: " + e.getMessage());
                return null;
            }
        }
        return out;
    }

    private void print(List<LatencyStats> raw, double rawCpuMs, Map<String, List<PipelineBench.Result>> pipe,
            Map<String, PublishConfig> modes, String url) {
        LatencyStats a = Quantiles.medianBy(raw, LatencyStats::throughput);
        System.out.printf(Locale.ROOT,
                "model %s, %d windows x %d rounds, window [1, 3, %d], %d intra-op thread(s), broker %s%n",
                model, windows.windows, rounds.rounds, size, threads.threads, url);
        System.out.printf(Locale.ROOT, "%-40s %10s %8s %8s %8s %8s%n", "run (median round)", "windows/s", "p50 ms",
                "p95 ms",
                "p99 ms", "max ms");
        row("(a) raw DJL predict loop", a);
        System.out.printf(Locale.ROOT, "    raw: CPU %.4f ms per window (the loop's thread, median)%n", rawCpuMs);
        for (Map.Entry<String, List<PipelineBench.Result>> e : pipe.entrySet()) {
            PipelineBench.Result b = Quantiles.medianBy(e.getValue(), r -> r.service().throughput());
            String mode = describe(modes.get(e.getKey()));
            row("(b) " + mode + ", service per window", b.service());
            row("(b) " + mode + ", incl. queue wait", b.endToEnd());
            System.out.printf(Locale.ROOT,
                    "    %s: ratio b/a throughput %.3f (each round: %s); MQTT messages per window %.4f;"
                            + " process CPU %.4f ms per window%n", mode, b.service().throughput() / a.throughput(),
                    ratios(raw, e.getValue()), (double) b.messages() / b.service().count(),
                    Quantiles.median(e.getValue().stream().mapToDouble(PipelineBench.Result::cpuMsPerWindow)
                            .toArray()));
            List<String> roles = new ArrayList<>();
            for (String role : PipelineBench.Result.roles()) {
                roles.add(String.format(Locale.ROOT, "%s %.4f", role,
                        Quantiles.median(e.getValue().stream().mapToDouble(r -> r.cpuMsPerWindow(role)).toArray())));
            }
            System.out.printf(Locale.ROOT, "    %s: CPU ms per window by thread (medians): %s%n", mode, String.join(
                    ", ", roles));
        }
        Double rss = new ProcessStats().rssMb();
        System.out.printf(Locale.ROOT, "process RSS %s MB, heap used %.1f MB, JVM uptime %d ms%n", rss,
                new ProcessStats().heapUsedMb(), ManagementFactory.getRuntimeMXBean().getUptime());
    }

    private static String describe(PublishConfig c) {
        return switch (c.mode()) {
            case EVERY -> "every";
            case ON_CHANGE -> String.format(Locale.ROOT, "on_change (deadband %s, heartbeat %s s)", c.deadband(), c
                    .heartbeatS());
            case BATCH -> String.format(Locale.ROOT, "batch (max %d, linger %d ms)", c.maxBatch(), c.lingerMs());
        };
    }

    private static String ratios(List<LatencyStats> raw, List<PipelineBench.Result> pipe) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            r.add(String.format(Locale.ROOT, "%.3f", pipe.get(i).service().throughput() / raw.get(i).throughput()));
        }
        return String.join(", ", r);
    }

    private static void row(String name, LatencyStats s) {
        System.out.printf(Locale.ROOT, "%-40s %10.1f %8.3f %8.3f %8.3f %8.3f%n", name, s.throughput(), s.p50(), s.p95(),
                s.p99(), s.max());
    }
}
