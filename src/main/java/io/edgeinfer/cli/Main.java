package io.edgeinfer.cli;

import io.edgeinfer.app.Version;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.cli.BenchCommand;
import io.edgeinfer.bench.cli.LegacyBenchCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgeinfer} command line. */
@Command(
        name = "edgeinfer",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Edge-inference daemon: sensor windows -> TorchScript model -> MQTT.",
        subcommands = {
            RunCommand.class,
            CheckConfigCommand.class,
            SimulateCommand.class,
            CaptureCommand.class,
            BenchCommand.class,
            LegacyBenchCommands.Delivery.class,
            LegacyBenchCommands.Sampling.class,
            LegacyBenchCommands.Camera.class,
            LegacyBenchCommands.Telemetry.class,
            LegacyBenchCommands.Swap.class,
            KeygenCommand.class,
            PushModelCommand.class,
            RolloutCommand.class,
            DecommissionCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // A command line picocli cannot parse (unknown command or option, a required one missing) is
        // bad usage, EX_USAGE; picocli has printed what is wrong and the usage. Anything a command
        // throws is a fatal error.
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FATAL);
        return cl.execute(args);
    }

    /** No command: the usage, on stderr since nothing was done. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return ExitCodes.USAGE;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"edgeinfer " + Version.get()};
        }
    }
}
