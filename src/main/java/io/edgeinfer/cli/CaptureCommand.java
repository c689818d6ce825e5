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
import io.edgeinfer.control.client.FleetBroker;
import io.edgeinfer.control.fleet.FleetTopics;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
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

    /**
     * {@code edgeinfer capture pull}: the kept items of one device, or of every device of a fleet
     * group, home over MQTT ({@code cmd/capture}).
     */
    @Command(name = "pull", description = "Fetch a device's (or each device of a fleet group's) kept items over cmd/capture"
            + " into DIR/DEVICE/PIPELINE/, each checked (with --delete each leaves the device once it is safe here)."
            + " Exit 0, 1 or 64.")
    static final class Pull implements Callable<Integer> {
        private static final Pattern TOPIC_LEVEL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
        /** Retained reports arrive in one burst after subscribing: a second without one ends it. */
        private static final long REPORTS_QUIET_MS = 1000;

        @Option(names = "--broker", required = true, description = "MQTT broker URL, e.g. tcp://10.0.0.5:1883")
        String broker;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        /** One device, or the devices of a group. */
        static final class Target {
            @Option(names = "--device", required = true, description = "device_id of the device")
            String device;

            @Option(names = "--group", required = true, description = "A fleet group (fleet.groups on the devices): every device"
                    + " whose retained fleet report is on the broker, one after the other")
            String group;
        }

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
            String name = target.device != null ? target.device : target.group;
            if (timeoutS < 1 || !TOPIC_LEVEL.matcher(name).matches()
                    || (pipeline != null && !TOPIC_LEVEL.matcher(pipeline).matches())) {
                System.err.println("--timeout >= 1; --device, --group and --pipeline are 1-64 of A-Z a-z 0-9 _ . -"
                        + " (a topic level)");
                return ExitCodes.USAGE;
            }
            PrivateKey privateKey;
            try {
                privateKey = key == null ? null : Ed25519Keys.readPrivate(key);
            } catch (IOException | GeneralSecurityException e) {
                System.err.println("cannot read the key: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (target.device != null) {
                return pull(target.device, privateKey);
            }
            Set<String> devices = members();
            if (devices.isEmpty()) {
                System.err.println("group " + target.group + ": no device reports on " + new FleetTopics(prefix)
                        .reports(target.group) + " (do the devices list it in fleet.groups, under this --prefix?)");
                return ExitCodes.FATAL;
            }
            int exit = ExitCodes.OK;
            for (String device : devices) {
                // one device not answering must not cost the others their pull
                exit = Math.max(exit, pull(device, privateKey));
            }
            return exit;
        }

        /** The devices of the group: those whose retained fleet report is on the broker. */
        private Set<String> members() throws Exception {
            try (FleetBroker fleet = new FleetBroker(broker, prefix, target.group)) {
                fleet.settle(REPORTS_QUIET_MS, timeoutS * 1000L);
                return fleet.reports().keySet();
            }
        }

        private int pull(String device, PrivateKey privateKey) throws Exception {
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
