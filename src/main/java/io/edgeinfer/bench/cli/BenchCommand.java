package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code edgeinfer bench}: every measurement of the daemon on this device, one subcommand each.
 * Without a subcommand it still takes the two spellings it had before it had subcommands,
 * {@code bench --model FILE ...} (now {@code bench pipeline}) and {@code bench --models ...} (now
 * {@code bench models}), and says so on stderr.
 */
@Command(name = "bench", description = "Benchmarks on this device, each against a baseline measured in the same run.", subcommands = {
        PipelineBenchCommand.class,
        ModelsBenchCommand.class,
        DeliveryBenchCommand.class,
        SamplingBenchCommand.class,
        CameraBenchCommand.class,
        TelemetryBenchCommand.class,
        SwapBenchCommand.class,
        PageBenchCommand.class,
        AnomalyBenchCommand.class, CaptureBenchCommand.class,
        FleetBenchCommand.class
})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    private CommandSpec spec;

    @Unmatched
    List<String> legacy = new ArrayList<>();

    /**
     * Everything from the first word that is not a subcommand on is kept whole for the old
     * spellings: a model folder called {@code models} ({@code bench --models models ...}) must stay
     * a value, not become the subcommand.
     */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        spec.parser().stopAtUnmatched(true);
    }

    @Override
    public Integer call() {
        boolean one = named("--model");
        boolean many = named("--models");
        if (one == many) {
            if (one) {
                System.err.println(
                        "give either --model FILE (pipeline benchmark) or --models DIR_OR_FILES --data FILE (evaluation)");
            }
            spec.commandLine().usage(System.err);
            return ExitCodes.USAGE;
        }
        String sub = many ? "models" : "pipeline";
        LegacyBenchCommands.note("bench " + (many ? "--models" : "--model"), "bench " + sub + (many ? "" : " --model"));
        CommandLine target = spec.subcommands().get(sub);
        return target.execute(legacy.toArray(String[]::new));
    }

    private boolean named(String option) {
        return legacy.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }
}
