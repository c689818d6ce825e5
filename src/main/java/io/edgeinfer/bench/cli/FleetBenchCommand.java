package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.fleet.FleetBench;
import io.edgeinfer.control.fleet.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgeinfer bench fleet}: a staged rollout and an aborted one across N simulated devices. */
@Command(name = "fleet", description = "Fleet rollout at scale: N simulated devices (real agent, one MQTT connection each) "
        + "against a mosquitto of its own, driven by the operator's rollout code.")
class FleetBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    @Option(names = "--devices", defaultValue = "1000", description = "Simulated devices (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--stages", defaultValue = "serve:1%,serve:10%,serve:50%,serve:100%", description = "Serve stages only (default: ${DEFAULT-VALUE})")
    String stages;

    @Option(names = "--tick-ms", defaultValue = "500", description = "How often each agent works, as the daemon's control thread (default: ${DEFAULT-VALUE})")
    long tickMs;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds each stage and each wait may take (default: ${DEFAULT-VALUE})")
    double timeoutS;

    @Option(names = "--chunk-kb", defaultValue = "16", description = "The candidates (48 KiB) go as retained pieces of this size, fetched and assembled by every member; 0: by a URL nobody fetches (default: ${DEFAULT-VALUE})")
    int chunkKb;

    @Option(names = "--dir", description = "Where the devices' state files and the broker's config go (default: a temporary folder)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        List<Stage> plan;
        try {
            plan = Stage.parseList(stages);
        } catch (IllegalArgumentException e) {
            System.err.println("--stages: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (devices < 1 || tickMs < 1 || !(timeoutS > 0) || chunkKb < 0) {
            System.err.println("--devices, --tick-ms and --timeout must be above 0, --chunk-kb 0 or above");
            return ExitCodes.USAGE;
        }
        if (plan.stream().anyMatch(s -> s.kind() != Stage.Kind.SERVE)) {
            System.err.println("--stages: the fleet bench simulates no inference, so serve stages only");
            return ExitCodes.USAGE;
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("edgeinfer-fleet");
        FleetBench.Result r = new FleetBench(new FleetBench.Settings(devices, plan, tickMs, timeoutS, chunkKb),
                System.err)
                .run(work);
        print(r, plan);
        return r.passed() && r.failedStage() > 0 ? ExitCodes.OK : ExitCodes.FATAL;
    }

    private void print(FleetBench.Result r, List<Stage> plan) {
        System.out.printf(Locale.ROOT, "%d devices, stages %s, agents ticked every %d ms, stage delay 0, %s%n",
                r.devices(), plan, tickMs, chunkKb > 0
                        ? "candidates in " + chunkKb + " KiB pieces"
                        : "candidates by URL (not fetched)");
        System.out.printf(Locale.ROOT, "connect:  %d ms; per device %.2f threads, %.2f file descriptors%n",
                r.connectMs(), r.threadsPerDevice(), r.fdsPerDevice());
        System.out.printf(Locale.ROOT, "rollout to 100 %%:         %d ms (%s)%n", r.rolloutMs(), r.passed()
                ? "complete, every device serving the new model"
                : "NOT complete");
        System.out.printf(Locale.ROOT, "operator CPU (driver):    %d ms over that rollout%n", r.operatorCpuMs());
        System.out.printf(Locale.ROOT, "broker messages/device:   %.1f (published + received during the rollout)%n",
                r.messagesPerDevice());
        System.out.printf(Locale.ROOT, "failed gate at stage %d -> every device back on the old model: %d ms%n",
                r.failedStage(), r.backMs());
        System.out.printf(Locale.ROOT, "operator heap:            %.1f KiB (%.0f bytes per device)%n",
                r.operatorHeapBytes() / 1024.0, (double) r.operatorHeapBytes() / r.devices());
        System.out.printf(Locale.ROOT, "mosquitto RSS:            %d KiB%n", r.brokerRssKb());
        System.out.printf(Locale.ROOT, "bench JVM: %d threads, peak RSS %d KiB%n", r.threads(), r.peakRssKb());
    }
}
