package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.app.Version;
import io.edgeinfer.bench.cli.BenchCommand;
import io.edgeinfer.bench.cli.LegacyBenchCommands;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgeinfer} command line. */
@Command(name = "edgeinfer", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, description = "Edge-inference daemon: sensor windows -> TorchScript model -> MQTT.")
public final class Main implements Callable<Integer> {
    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(
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
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        CommandLine cl = commandLine(args);
        // A command line picocli cannot parse (unknown command or option, a required one missing) is
        // bad usage, EX_USAGE; picocli has printed what is wrong and the usage. Anything a command
        // throws is a fatal error.
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException
                ? ExitCodes.USAGE
                : ExitCodes.FATAL);
        return cl.execute(args);
    }

    /**
     * The command line for {@code args}. picocli builds a model of every command it is given, by
     * reflection and with classes AppCDS cannot archive (picocli's are Java 5 class files), which
     * delays the daemon's start (docs/BENCHMARKS.md, "Start-up"); so {@code run} gets only itself.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        List<Class<?>> commands = args.length > 0 && args[0].equals("run") ? List.of(RunCommand.class) : COMMANDS;
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    /** No command: the usage, on stderr since nothing was done. */
    @Override
    public Integer call() {
        commandLine().usage(System.err);
        return ExitCodes.USAGE;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"edgeinfer " + Version.get()};
        }
    }
}
