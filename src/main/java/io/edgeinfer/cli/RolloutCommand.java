package io.edgeinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.control.client.FleetBroker;
import io.edgeinfer.control.client.LiveLine;
import io.edgeinfer.control.client.ReportTable;
import io.edgeinfer.control.client.RolloutDriver;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.Gate;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer rollout}: a staged model rollout to a group of devices over the broker
 * (docs/fleet.md). Keeps no state of its own: everything it reads and writes is retained on the
 * broker, so {@code status} and {@code abort} work from any machine.
 */
@Command(name = "rollout", description = "Roll a model out to a group of devices in stages (docs/fleet.md)", subcommands = {
        RolloutCommand.Start.class, RolloutCommand.Resume.class, RolloutCommand.Status.class,
        RolloutCommand.Abort.class})
final class RolloutCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("rollout start | resume | status | abort (edgeinfer rollout --help)");
        return ExitCodes.USAGE;
    }

    /** Where the group is. */
    static final class Target {
        @Option(names = "--broker", required = true, description = "MQTT broker URL, e.g. tcp://10.0.0.5:1883")
        String broker;

        @Option(names = "--group", required = true, description = "The group (a device id is a group of its own)")
        String group;

        @Option(names = "--prefix", defaultValue = "edgeinfer", description = "mqtt.topic_prefix of the devices (default: ${DEFAULT-VALUE})")
        String prefix;

        /** Work on the group's broker view, once its retained messages have arrived; its exit code. */
        interface Work {
            int run(FleetBroker broker) throws Exception;
        }

        /** Runs {@code work} connected to the broker; a broker that cannot be reached is exit 69. */
        int run(Work work) throws Exception {
            try (FleetBroker b = new FleetBroker(broker, prefix, group)) {
                b.settle(500, 5000);
                return work.run(b);
            } catch (MqttException e) {
                System.err.println("MQTT: " + e.getMessage() + " (" + broker + ")");
                return ExitCodes.UNAVAILABLE;
            }
        }

        /** The operator's key, or null: documents go unsigned. */
        static PrivateKey key(Path file) throws Exception {
            return file == null ? null : Ed25519Keys.readPrivate(file);
        }
    }

    @Command(name = "start", description = "Publish the stages one by one, advance while the gate holds, abort when it fails. "
            + "Exit 0 complete, 1 aborted (with a table of who failed what), 64 bad usage, 69 no broker.")
    static final class Start implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--model", required = true, paramLabel = "FILE", description = "TorchScript file (.pt), sent in retained chunks")
        Path model;

        @Option(names = "--key", paramLabel = "FILE", description = "Ed25519 private key (edgeinfer keygen); without it the documents are unsigned")
        Path key;

        @Option(names = "--stages", defaultValue = "shadow:5%,serve:5%,serve:25%,serve:100%", description = "default: ${DEFAULT-VALUE}")
        String stages;

        @Option(names = "--gate", defaultValue = "agreement>=0.97,p99_ms<=2x,errors==0", description = "default: ${DEFAULT-VALUE}")
        String gate;

        @Option(names = "--min-devices", defaultValue = "1", description = "Members that must pass a partial stage (default: ${DEFAULT-VALUE})")
        int minDevices;

        @Option(names = "--timeout", defaultValue = "900", description = "Seconds a stage may take (default: ${DEFAULT-VALUE})")
        double timeoutS;

        @Option(names = "--stage-delay", defaultValue = "0", description = "Seconds a passed stage is held (default: ${DEFAULT-VALUE})")
        double stageDelayS;

        @Option(names = "--shadow-windows", defaultValue = "1000", description = "Windows a shadow compares (default: ${DEFAULT-VALUE})")
        int shadowWindows;

        @Option(names = "--shadow-max-s", defaultValue = "600", description = "Longest a shadow runs (default: ${DEFAULT-VALUE})")
        double shadowMaxS;

        @Option(names = "--name", description = "Model name (default: file name without .pt)")
        String name;

        @Option(names = "--version", description = "Model version (default: first 12 hex digits of its sha256)")
        String version;

        @Option(names = "--pipeline", paramLabel = "ID", description = "The pipeline, on devices that run several")
        String pipeline;

        @Option(names = "--rollout-id", description = "Names the rollout (default: NAME-VERSION)")
        String rolloutId;

        @Option(names = "--chunk-kb", defaultValue = "64", description = "Size of a model piece (default: ${DEFAULT-VALUE})")
        int chunkKb;

        @Option(names = "--json", description = "Print a machine-readable summary instead of the table")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<Stage> plan;
            try {
                plan = Stage.parseList(stages);
                Gate.parse(gate);
                if (chunkKb < 1 || chunkKb > 16_384 || minDevices < 1 || timeoutS <= 0 || shadowWindows < 1
                        || shadowMaxS <= 0) {
                    throw new IllegalArgumentException(
                            "--chunk-kb must be 1-16384, --min-devices and --shadow-windows at least 1, "
                                    + "--timeout and --shadow-max-s above 0");
                }
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            byte[] bytes = Files.readAllBytes(model);
            PrivateKey privateKey = Target.key(key);
            String sha = Sha256.hex(bytes);
            String n = name != null ? name : model.getFileName().toString().replaceFirst("\\.pt$", "");
            String v = version != null ? version : sha.substring(0, 12);
            String signature = privateKey == null
                    ? null
                    : Base64.getEncoder().encodeToString(Ed25519Keys.sign(privateKey, HexFormat.of().parseHex(sha)));
            int chunk = chunkKb * 1024;
            DesiredState.ModelSpec spec = new DesiredState.ModelSpec(n, v, sha, signature, null, null,
                    new DesiredState.Chunks((int) ((bytes.length + (long) chunk - 1) / chunk), chunk, bytes.length),
                    null);
            return target.run(broker -> {
                RolloutDriver driver = new RolloutDriver(broker, privateKey, Clock.systemUTC(), System.err, live(json));
                driver.publishChunks(sha, bytes, chunk);
                DesiredState first = new DesiredState(DesiredState.SCHEMA, target.group, rolloutId != null
                        ? rolloutId
                        : n + "-" + v,
                        driver.nextRevision(), DesiredState.Phase.RUNNING, pipeline, 0, plan,
                        new DesiredState.Plan(gate, minDevices, timeoutS, stageDelayS),
                        new DesiredState.Shadow(shadowWindows, shadowMaxS), spec, previous(broker.reports()),
                        System.currentTimeMillis(), null);
                return finish(broker, driver.run(first), json);
            });
        }

        /** What the group's devices serve now, if they agree: the model an abort goes back to. */
        private static ModelRef previous(Map<String, JsonNode> reports) throws Exception {
            List<String> shas = reports.values().stream().map(r -> r.path("model").path("sha256").asText()).distinct()
                    .toList();
            return shas.size() != 1
                    ? null
                    : Json.mapper().treeToValue(reports.values().iterator().next().get("model"), ModelRef.class);
        }
    }

    /**
     * The live line while a stage waits: on stdout when it is a terminal (no console: redirected),
     * and never with {@code --json}, whose output a program reads.
     */
    static LiveLine live(boolean json) {
        return !json && System.console() != null ? LiveLine.on(System.out) : LiveLine.OFF;
    }

    /** The end of a rollout: the table and a line, or the {@code --json} summary; exit 0 complete, 1 aborted. */
    static int finish(FleetBroker broker, RolloutDriver.Outcome out, boolean json) throws Exception {
        Map<String, JsonNode> reports = broker.reports();
        if (json) {
            ObjectNode s = Json.mapper().createObjectNode().put("passed", out.passed()).put("revision", out.revision())
                    .put("stage", out.stage());
            s.set("failures", Json.mapper().valueToTree(out.failures()));
            s.put("reason", out.reason());
            s.set("devices", Json.mapper().valueToTree(reports));
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s));
        } else {
            System.out.print(ReportTable.format(reports, out.failures()));
            if (out.reason() != null) {
                System.out.println(out.reason());
            }
            System.out.println(out.passed()
                    ? "rollout complete (revision " + out.revision() + ")"
                    : "rollout aborted at stage " + (out.stage() + 1) + " (revision " + out.revision() + ")");
        }
        return out.passed() ? ExitCodes.OK : ExitCodes.FATAL;
    }

    @Command(name = "resume", description = "Take up the group's running rollout from the broker (its operator died): "
            + "from the stage it is at, as start would go on. Exit codes as start's.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--key", paramLabel = "FILE", description = "Ed25519 private key (edgeinfer keygen)")
        Path key;

        @Option(names = "--json", description = "Print a machine-readable summary instead of the table")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrivateKey privateKey = Target.key(key);
            return target.run(broker -> {
                RolloutDriver driver = new RolloutDriver(broker, privateKey, Clock.systemUTC(), System.err, live(json));
                DesiredState now = driver.running();
                if (now == null) {
                    System.err.println("group " + target.group + " has no running rollout on the broker");
                    return ExitCodes.FATAL;
                }
                return finish(broker, driver.run(now), json);
            });
        }
    }

    @Command(name = "status", description = "Print the group's devices from their retained reports")
    static final class Status implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--json", description = "Print the reports as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return target.run(broker -> {
                if (json) {
                    ObjectNode s = Json.mapper().createObjectNode();
                    s.set("desired", broker.desired());
                    s.set("devices", Json.mapper().valueToTree(broker.reports()));
                    System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s));
                } else {
                    System.out.print(ReportTable.format(broker.reports(), Map.of()));
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "abort", description = "Abort the group's rollout: every device that moved goes back to the previous model")
    static final class Abort implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--key", paramLabel = "FILE", description = "Ed25519 private key (edgeinfer keygen)")
        Path key;

        @Override
        public Integer call() throws Exception {
            PrivateKey privateKey = Target.key(key);
            return target.run(broker -> {
                long revision = new RolloutDriver(broker, privateKey, Clock.systemUTC(), System.err).abort();
                if (revision < 0) {
                    System.err.println("group " + target.group + " has no desired state on the broker");
                    return ExitCodes.FATAL;
                }
                System.err.println("abort published as revision " + revision);
                return ExitCodes.OK;
            });
        }
    }
}
