package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.SamplingBench;
import io.edgeinfer.bench.SamplingBench.Result;
import io.edgeinfer.data.Quantiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench sampling}: sampling jitter of the FIFO path (ADXL345 driver, simulated chip)
 * against the JVM-paced path (MCP3008 driver, simulated chip), alternated in rounds in one process.
 */
@Command(name = "sampling", description = "Sampling jitter: a sensor FIFO (ADXL345) vs JVM-paced sampling (MCP3008), both on simulated chips.")
class SamplingBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Option(names = "--rate", defaultValue = "800", description = "Sample rate in Hz, one the ADXL345 has (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per run (default: ${DEFAULT-VALUE})")
    double seconds;

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(3);

    @Override
    public Integer call() throws Exception {
        if (rounds.rounds < 1 || seconds < 0.5 || !List.of(3200.0, 1600.0, 800.0, 400.0, 200.0, 100.0).contains(rate)) {
            System.err.println("need --rounds >= 1, --seconds >= 0.5 and --rate one of 100, 200, 400, 800, 1600, 3200");
            return ExitCodes.USAGE;
        }
        SamplingBench.fifo(rate, 1);
        SamplingBench.timed(rate, 1);
        List<Result> fifo = new ArrayList<>();
        List<Result> timed = new ArrayList<>();
        for (int r = 0; r < rounds.rounds; r++) {
            fifo.add(SamplingBench.fifo(rate, seconds));
            timed.add(SamplingBench.timed(rate, seconds));
        }
        System.out.printf(Locale.ROOT, "sampling at %.0f Hz, %d rounds x %.1f s per path, medians%n", rate,
                rounds.rounds, seconds);
        System.out.printf(Locale.ROOT, "%-36s %9s %7s %12s %14s %12s %15s%n", "path", "samples", "lost", "achieved Hz",
                "gap p99 us", "gap max us", "ts error p99 us");
        Result a = Quantiles.medianBy(fifo, Result::gapP99Us);
        Result b = Quantiles.medianBy(timed, Result::gapP99Us);
        row(a);
        row(b);
        System.out.printf(Locale.ROOT, "ratio gap p99 FIFO / JVM-paced: %.3f   (each round: %s)%n", a.gapP99Us() / b
                .gapP99Us(),
                ratios(fifo, timed));
        System.out.println(
                "(FIFO sample instants are the chip's clock: their true spacing is exact; its gaps and errors"
                        + " are those of the driver's timestamps.)");
        return ExitCodes.OK;
    }

    private static String ratios(List<Result> a, List<Result> b) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            r.add(String.format(Locale.ROOT, "%.3f", a.get(i).gapP99Us() / b.get(i).gapP99Us()));
        }
        return String.join(", ", r);
    }

    private static void row(Result r) {
        System.out.printf(Locale.ROOT, "%-36s %9d %7d %12.1f %14.1f %12.1f %15s%n", r.path(), r.samples(), r.lost(),
                r.achievedHz(), r.gapP99Us(), r.gapMaxUs(),
                Double.isNaN(r.errorP99Us()) ? "-" : String.format(Locale.ROOT, "%.1f", r.errorP99Us()));
    }
}
