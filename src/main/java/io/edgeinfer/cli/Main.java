package io.edgeinfer.cli;

import io.edgeinfer.app.Version;
import io.edgeinfer.app.ExitCodes;
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
            BenchCommand.class,
            BenchDeliveryCommand.class,
            BenchSamplingCommand.class,
            BenchCameraCommand.class,
            TelemetryBenchCommand.class,
            SwapBenchCommand.class,
            BenchPageCommand.class,
            KeygenCommand.class,
            PushModelCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(t -> ExitCodes.FATAL);
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"edgeinfer " + Version.get()};
        }
    }
}
