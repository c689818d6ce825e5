package io.edgeinfer.bench.cli;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.CaptureBench;
import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench capture}: the daemon at a fixed window rate; prediction latency with capture
 * keeping every window against capture off, alternated in one run.
 */
@Command(name = "capture", description = "Capture: prediction latency keeping every window vs capture off, in one run.")
class CaptureBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(6);

    @Mixin
    BenchOptions.Paced paced = new BenchOptions.Paced();

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the daemon keeps its state and items (default: a new "
            + "temporary folder; give one on the card to measure the card)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!paced.valid(rounds.rounds)) {
            return ExitCodes.USAGE;
        }
        Path base = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("edgeinfer-bench-capture");
        Path config = base.resolve("bench.yaml");
        Files.writeString(config, """
                device_id: bench-capture
                model: {path: "%s", labels: [normal, imbalance, misalignment, bearing_fault]}
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 256, hop: %d}
                capture:
                  enabled: true
                  sample_rate: 1
                  rate_per_min: {sample: 1000000}
                  max_items: 1000000
                  max_bytes: 1073741824
                  min_free_bytes: 0
                mqtt: {broker: embedded, embedded: {port: 0}}
                outbox: {path: state/outbox.db}
                telemetry: {interval_s: 5}
                control: {state_dir: state}
                """.formatted(paced.model.toAbsolutePath(), paced.hop));
        Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), Clock.systemUTC(), config);
        try {
            PipelineCapture capture = daemon.capture("main");
            List<CaptureBench.Condition> result = new CaptureBench(daemon.loop(), capture).run(rounds.rounds,
                    paced.roundS, 10);
            print(result, capture);
        } finally {
            daemon.close();
        }
        return ExitCodes.OK;
    }

    private void print(List<CaptureBench.Condition> result, PipelineCapture capture) {
        System.out.println(paced.header(rounds.rounds) + "; items in " + capture.config().dir());
        System.out.printf(Locale.ROOT, "%-26s %11s %8s %8s %8s %8s %8s %10s%n", "condition", "predictions", "p50 ms",
                "p95 ms",
                "p99 ms", "max ms", "CPU %", "items kept");
        for (CaptureBench.Condition c : result) {
            System.out.printf(Locale.ROOT, "%-26s %11d %8.3f %8.3f %8.3f %8.2f %8.1f %10d%n", c.name(), c.latency()
                    .count(),
                    c.latency().p50(), c.latency().p95(), c.latency().p99(), c.latency().max(), c.cpuPercent(), c
                            .itemsKept());
        }
        CaptureBench.Condition off = result.get(0);
        CaptureBench.Condition on = result.get(1);
        var f = capture.stats().figures();
        System.out.printf(Locale.ROOT,
                "p99 ratio (on / off, same run): %.2f; p50 ratio: %.2f; dropped (capture thread behind) %d, "
                        + "write errors %d%n", on.latency().p99() / off.latency().p99(), on.latency().p50() / off
                                .latency().p50(),
                f.droppedTotal(), f.writeErrorsTotal());
    }
}
