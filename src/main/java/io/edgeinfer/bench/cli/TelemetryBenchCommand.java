package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.EnergyBench;
import io.edgeinfer.bench.TelemetryOverheadBench;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import io.edgeinfer.data.Quantiles;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.Window;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.ProcessCommandRunner;
import io.edgeinfer.telemetry.board.Vcgencmd;
import io.edgeinfer.telemetry.power.EstimateMeter;
import io.edgeinfer.telemetry.power.PowerMeter;
import io.edgeinfer.telemetry.power.PowerMeterException;
import io.edgeinfer.telemetry.power.PowerMeters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench telemetry}: (1) pipeline throughput with telemetry at a 1 s interval
 * against telemetry off, alternated in rounds in one process; (2) energy per inference of one or
 * more models with this host's power meter.
 */
@Command(name = "telemetry", description = "Telemetry overhead (pipeline with telemetry on vs off) and energy per inference of models.")
class TelemetryBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Option(names = "--model", required = true, split = ",", paramLabel = "FILE[,FILE...]", description = "TorchScript model(s); the first runs the overhead rounds, each gets an energy figure")
    List<Path> models;

    @Mixin
    BenchOptions.Windows windows = new BenchOptions.Windows(10_000);

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(10);

    @Option(names = "--energy-seconds", defaultValue = "10", description = "Seconds per model per energy round (default: ${DEFAULT-VALUE})")
    double energySeconds;

    @Option(names = "--power", defaultValue = "auto", description = "Power meter: auto, ina219, ina260 (bus 1, 0x40, defaults), pmic, hwmon, rapl, estimate (default: ${DEFAULT-VALUE})")
    String power;

    @Option(names = "--idle-w", description = "Idle watts (marginal baseline; estimate's idle point)")
    Double idleW;

    @Option(names = "--full-w", description = "Full-load watts (estimate's full-load point)")
    Double fullW;

    @Mixin
    BenchOptions.Broker broker = new BenchOptions.Broker();

    @Override
    public Integer call() throws Exception {
        PowerMode mode = PowerMode.BY_KEY.get(power);
        if (windows.windows < 10 || rounds.rounds < 1 || energySeconds <= 0 || mode == null || mode == PowerMode.OFF) {
            System.err.println(
                    "--windows must be >= 10, --rounds >= 1, --energy-seconds > 0, --power one of auto, ina219, ina260, pmic, hwmon, rapl, estimate");
            return ExitCodes.USAGE;
        }
        TelemetryConfig telemetry = new TelemetryConfig(1, 1, mode, idleW, fullW, null,
                TelemetryConfig.DEFAULT_DEGRADED_P99_RATIO);
        BenchOptions.Threads.configureEngine(1);
        LoadedModels loaded;
        try {
            loaded = LoadedModels.load(models,
                    m -> DjlModelRunner.load(m, m.getFileName().toString(), "bench", VibrationInputs.labels(), 3, 256));
        } catch (ModelLoadException e) {
            return LoadedModels.refused(e);
        }
        try (loaded; BenchOptions.Broker.Connection mqtt = broker.open()) {
            overhead(loaded.runners.get(0), mqtt.url(), telemetry);
            energy(loaded.runners, telemetry);
        }
        return ExitCodes.OK;
    }

    private void overhead(DjlModelRunner model, String url, TelemetryConfig telemetry) throws Exception {
        for (int i = 0; i < 2; i++) { // warm-up: JIT, broker, model
            TelemetryOverheadBench.off(model, url, windows.windows, 256);
            TelemetryOverheadBench.on(model, url, windows.windows, 256, telemetry);
        }
        double[][] off = new double[2][rounds.rounds]; // windows/s, CPU ms per window
        double[][] on = new double[2][rounds.rounds];
        double[] ratio = new double[rounds.rounds];
        double telemetryMsPerS = 0;
        double telemetryKbPerS = 0;
        for (int r = 0; r < rounds.rounds; r++) {
            // ABBA order, so a trend in the machine's load does not favour one side.
            boolean offFirst = r % 2 == 0;
            TelemetryOverheadBench.Run a = offFirst
                    ? TelemetryOverheadBench.off(model, url, windows.windows, 256)
                    : null;
            TelemetryOverheadBench.Run b = TelemetryOverheadBench.on(model, url, windows.windows, 256, telemetry);
            if (!offFirst) {
                a = TelemetryOverheadBench.off(model, url, windows.windows, 256);
            }
            off[0][r] = a.pipeline().service().throughput();
            on[0][r] = b.pipeline().service().throughput();
            off[1][r] = a.cpuMsPerWindow(windows.windows);
            on[1][r] = b.cpuMsPerWindow(windows.windows);
            ratio[r] = on[0][r] / off[0][r];
            telemetryMsPerS += b.telemetryCpuNanos() / 1e6 / b.pipeline().service().seconds() / rounds.rounds;
            telemetryKbPerS += b.telemetryAllocatedBytes() / 1024.0 / b.pipeline().service().seconds() / rounds.rounds;
        }
        System.out.printf(Locale.ROOT,
                "telemetry overhead: model %s, %d windows x %d rounds, broker %s, telemetry every 1 s, power sampled every 1 s%n",
                model.info().name(), windows.windows, rounds.rounds, url);
        System.out.printf(Locale.ROOT, "  off  windows/s per round: %s  median %.1f%n", fmt(off[0], 1), Quantiles
                .median(off[0]));
        System.out.printf(Locale.ROOT, "  on   windows/s per round: %s  median %.1f%n", fmt(on[0], 1), Quantiles.median(
                on[0]));
        System.out.printf(Locale.ROOT,
                "  throughput ratio on/off per round: %s  median %.3f  (ratio of medians %.3f)%n", fmt(ratio, 3),
                Quantiles.median(ratio), Quantiles.median(on[0]) / Quantiles.median(off[0]));
        System.out.printf(Locale.ROOT, "  process CPU ms per window: off %s median %.4f%n", fmt(off[1], 4), Quantiles
                .median(off[1]));
        System.out.printf(Locale.ROOT,
                "  process CPU ms per window: on  %s median %.4f, ratio of medians off/on %.3f%n", fmt(on[1], 4),
                Quantiles.median(on[1]), Quantiles.median(off[1]) / Quantiles.median(on[1]));
        System.out.printf(Locale.ROOT,
                "  telemetry thread CPU: %.3f ms per second of run (%.4f %% of one core), allocating %.1f kB/s%n",
                telemetryMsPerS, telemetryMsPerS / 10, telemetryKbPerS);
    }

    private void energy(List<DjlModelRunner> runners, TelemetryConfig telemetry) throws Exception {
        PowerMeter meter;
        try {
            meter = PowerMeters.select(telemetry, HostPaths.system(), new Vcgencmd(new ProcessCommandRunner()),
                    System::nanoTime)
                    .meter().orElseThrow(() -> new PowerMeterException(
                            "no power meter on this host: give --idle-w and --full-w for an estimate"));
        } catch (PowerMeterException e) {
            System.out.println("energy per inference: not measured: " + e.getMessage());
            return;
        }
        Double idle = idleW != null ? idleW : meter instanceof EstimateMeter est ? est.idleW() : null;
        List<Window> data = VibrationInputs.windows(500, 256);
        for (DjlModelRunner r : runners) {
            EnergyBench.run(r, data, meter, idle, Duration.ofSeconds(2)); // warm-up
        }
        List<List<EnergyBench.Result>> results = new ArrayList<>();
        runners.forEach(r -> results.add(new ArrayList<>()));
        for (int round = 0; round < rounds.rounds; round++) {
            for (int i = 0; i < runners.size(); i++) {
                int m = (i + round) % runners.size(); // rotate the order each round
                results.get(m).add(EnergyBench.run(runners.get(m), data, meter, idle, Duration.ofMillis(Math.round(
                        energySeconds * 1000))));
            }
        }
        System.out.printf(Locale.ROOT,
                "energy per inference: power source %s%s (%s), predict loop on 1 thread, %d x %.0f s rounds, medians%n",
                meter.source(), meter.source().equals("estimate") ? " - A MODEL, NOT A MEASUREMENT" : "", meter
                        .describe(), rounds.rounds, energySeconds);
        System.out.printf(Locale.ROOT, "  %-22s %12s %12s %9s %16s %16s%n", "model", "inferences/s", "CPU ms/inf",
                "power W",
                "attributed mJ", "marginal mJ");
        for (int i = 0; i < runners.size(); i++) {
            List<EnergyBench.Result> rs = results.get(i);
            System.out.printf(Locale.ROOT, "  %-22s %12.1f %12.4f %9s %16s %16s%n", runners.get(i).info().name(),
                    Quantiles.median(rs.stream().mapToDouble(EnergyBench.Result::rate).toArray()),
                    Quantiles.median(rs.stream().mapToDouble(EnergyBench.Result::cpuMsPerInference).toArray()),
                    med(rs, EnergyBench.Result::powerW, 3), med(rs, EnergyBench.Result::mjPerInference, 5),
                    med(rs, EnergyBench.Result::marginalMjPerInference, 5));
        }
        idleBoard(runners, results, meter);
    }

    private static void idleBoard(List<DjlModelRunner> runners, List<List<EnergyBench.Result>> results,
            PowerMeter meter) {
        if (meter instanceof EstimateMeter est) {
            // On a shared machine other tenants' load moves the whole-machine estimate; this is what
            // the same model gives on a board that runs nothing else: (full - idle) x CPU time / cores.
            int cores = Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < runners.size(); i++) {
                double cpuMs = Quantiles.median(results.get(i).stream().mapToDouble(
                        EnergyBench.Result::cpuMsPerInference).toArray());
                System.out.printf(Locale.ROOT,
                        "  %-22s marginal on an otherwise idle board (estimate): %.5f mJ = (%.1f - %.1f) W x %.4f ms / %d cores%n",
                        runners.get(i).info().name(), (est.fullW() - est.idleW()) * cpuMs / cores, est.fullW(), est
                                .idleW(), cpuMs, cores);
            }
        }
    }

    private static String med(List<EnergyBench.Result> rs, Function<EnergyBench.Result, Double> f, int digits) {
        double[] v = rs.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return v.length == 0 ? "null" : String.format(Locale.ROOT, "%." + digits + "f", Quantiles.median(v));
    }

    private static String fmt(double[] v, int digits) {
        return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%." + digits + "f", x)).toList().toString();
    }
}
