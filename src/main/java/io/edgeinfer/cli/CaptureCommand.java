package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.capture.CaptureExport;
import io.edgeinfer.capture.CapturePull;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeinfer capture ...}: the windows a device kept for retraining (docs/capture.md). */
@Command(name = "capture", description = "Windows the device kept for retraining (docs/capture.md).", subcommands = {
        CaptureCommand.Export.class, CaptureCommand.Pull.class, CaptureDatasetCommand.class})
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
                System.err.println(pipeline == null
                        ? "no pipeline of " + file + " captures (capture.enabled is false)"
                        : "pipeline '" + pipeline + "' is not a capturing pipeline of " + file);
                return ExitCodes.USAGE;
            }
            int failed = 0;
            for (PipelineSpec p : chosen) {
                Path to = out.resolve(config.deviceId()).resolve(p.id());
                try {
                    CaptureExport.Result r = CaptureExport.export(p.capture().dir(), to, delete);
                    System.out.println(p.id() + ": " + r.copied() + " item(s) copied, " + r.present()
                            + " already there, "
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

    /** {@code edgeinfer capture pull}: the kept items of one device home over MQTT ({@code cmd/capture}). */
    @Command(name = "pull", description = "Fetch a device's kept items over cmd/capture into DIR/DEVICE/PIPELINE/, each "
            + "checked (with --delete each leaves the device once it is safe here). Exit 0, 1 or 64.")
    static final class Pull implements Callable<Integer> {
        @Option(names = "--broker", required = true, description = "MQTT broker URL, e.g. tcp://10.0.0.5:1883")
        String broker;

        @Option(names = "--device", required = true, description = "device_id of the device")
        String device;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write")
        Path out;

        @Option(names = "--pipeline", paramLabel = "ID", description = "The pipeline, on a device that runs several")
        String pipeline;

        @Option(names = "--key", paramLabel = "FILE", description = "Ed25519 private key (edgeinfer keygen); without it the commands are unsigned")
        Path key;

        @Option(names = "--prefix", defaultValue = "edgeinfer", description = "mqtt.topic_prefix of the device (default: ${DEFAULT-VALUE})")
        String prefix;

        @Option(names = "--delete", description = "Delete each item from the device once it is written here")
        boolean delete;

        @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for each answer (default: ${DEFAULT-VALUE})")
        int timeoutS;

        @Override
        public Integer call() throws Exception {
            if (timeoutS < 1 || !Pattern.matches("[A-Za-z0-9_.-]{1,64}", device)
                    || (pipeline != null && !Pattern.matches("[A-Za-z0-9_.-]{1,64}", pipeline))) {
                System.err.println(
                        "--timeout >= 1; --device and --pipeline are 1-64 of A-Z a-z 0-9 _ . - (a topic level)");
                return ExitCodes.USAGE;
            }
            PrivateKey privateKey;
            try {
                privateKey = key == null ? null : Ed25519Keys.readPrivate(key);
            } catch (IOException | GeneralSecurityException e) {
                System.err.println("cannot read the key: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            Path to = out.resolve(device).resolve(pipeline == null ? "main" : pipeline);
            try (ControlClient client = new ControlClient(broker,
                    prefix + "/" + device, new CommandSigner(privateKey, Clock.systemUTC()))) {
                CapturePull.Result r = new CapturePull(client, pipeline,
                        timeoutS * 1000L).pull(to, delete);
                System.out.println(r.fetched() + " item(s) fetched, " + r.present() + " already there, " + r.deleted()
                        + " deleted from the device -> " + to);
                return ExitCodes.OK;
            } catch (IOException e) {
                System.err.println(device + ": " + e.getMessage());
                return ExitCodes.FATAL;
            }
        }
    }
}
