package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.capture.CaptureExport;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeinfer capture ...}: the windows a device kept for retraining (docs/capture.md). */
@Command(name = "capture", description = "Windows the device kept for retraining (docs/capture.md).",
        subcommands = CaptureCommand.Export.class)
final class CaptureCommand {

    /** {@code edgeinfer capture export FILE --out DIR}: the kept items onto a USB stick, on the device. */
    @Command(name = "export", description = "Copy the kept items of every capturing pipeline to DIR/DEVICE/PIPELINE/"
            + " (whole items only; with --delete each leaves the device once its copy is safe). Exit 0, 1, 64 or 78.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The daemon's YAML config file")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write (e.g. a USB stick)")
        Path out;

        @Option(names = "--pipeline", paramLabel = "ID", description = "Only this pipeline (default: every capturing one)")
        String pipeline;

        @Option(names = "--delete", description = "Delete each item from the device once its copy is on DIR")
        boolean delete;

        @Override
        public Integer call() {
            DaemonConfig config;
            try {
                config = new ConfigLoader(System.getenv()).load(file);
            } catch (ConfigException e) {
                System.err.println(file + ": " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            List<PipelineSpec> chosen = config.pipelines().stream()
                    .filter(p -> p.capture().enabled() && (pipeline == null || pipeline.equals(p.id()))).toList();
            if (chosen.isEmpty()) {
                System.err.println(pipeline == null ? "no pipeline of " + file + " captures (capture.enabled is false)"
                        : "pipeline '" + pipeline + "' is not a capturing pipeline of " + file);
                return ExitCodes.USAGE;
            }
            int failed = 0;
            for (PipelineSpec p : chosen) {
                Path to = out.resolve(config.deviceId()).resolve(p.id());
                try {
                    CaptureExport.Result r = CaptureExport.export(p.capture().dir(), to, delete);
                    System.out.println(p.id() + ": " + r.copied() + " item(s) copied, " + r.present() + " already there, "
                            + r.deleted() + " deleted from the device -> " + to);
                    r.damaged().forEach(d -> System.err.println(p.id() + ": damaged item left on the device: " + d));
                } catch (NoSuchFileException e) {
                    System.err.println(p.id() + ": nothing kept yet in " + p.capture().dir());
                } catch (IOException e) {
                    System.err.println(p.id() + ": " + e.getMessage());
                    failed++;
                }
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.FATAL;
        }
    }
}
