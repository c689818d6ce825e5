package io.edgeinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer push-model}: sends a model to one device (inline in chunks, or by URL), signed
 * when given a key, and waits for the device's answer. The exit code says how it went.
 */
@Command(name = "push-model", description = "Send a model to a device (inline chunks or by URL), signed with --key; "
        + "wait for the result. Exit 0 applied, 1 refused or rolled back, 69 no answer.")
final class PushModelCommand implements Callable<Integer> {
    static final int NO_ANSWER = 69;
    /** How long a device's watch may run past watch_s while a window is stuck in the model (docs/mqtt-api.md). */
    private static final int WATCH_OVERTIME_S = 20;

    @Option(names = "--broker", required = true, description = "MQTT broker URL, e.g. tcp://10.0.0.5:1883")
    String broker;

    @Option(names = "--device", required = true, description = "device_id of the target")
    String device;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "TorchScript file (.pt)")
    Path model;

    @Option(names = "--key", paramLabel = "FILE", description = "Ed25519 private key (edgeinfer keygen); without it the command is unsigned")
    Path key;

    @Option(names = "--url", description = "Let the device fetch the file itself (file:// in its model dir, or https://) instead of sending it")
    String url;

    @Option(names = "--name", description = "Model name (default: file name without .pt)")
    String name;

    @Option(names = "--version", description = "Model version (default: first 12 hex digits of its sha256)")
    String version;

    @Option(names = "--golden", paramLabel = "FILE", description = "JSON golden samples the device must label correctly before swapping")
    Path golden;

    @Option(names = "--pipeline", paramLabel = "ID", description = "The pipeline to swap the model of, on a device that runs several (docs/mqtt-api.md)")
    String pipeline;

    @Option(names = "--prefix", defaultValue = "edgeinfer", description = "mqtt.topic_prefix of the device (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--chunk-kb", defaultValue = "256", description = "Chunk size for inline transfer (default: ${DEFAULT-VALUE})")
    int chunkKb;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for each answer (default: ${DEFAULT-VALUE})")
    int timeoutS;

    @Option(names = "--watch", description = "After a swap, also wait out the device's health watch; exit 1 if it rolls back "
            + "or the model serves degraded after it")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        if (chunkKb < 1 || chunkKb > 16_384 || timeoutS < 1) {
            System.err.println("--chunk-kb must be 1-16384 and --timeout >= 1");
            return ExitCodes.USAGE;
        }
        byte[] bytes;
        PrivateKey privateKey;
        try {
            bytes = Files.readAllBytes(model);
            privateKey = key == null ? null : Ed25519Keys.readPrivate(key);
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("cannot read " + (e instanceof GeneralSecurityException ? "the key: " : "") + e
                    .getMessage());
            return ExitCodes.USAGE;
        }
        String sha = Sha256.hex(bytes);
        ObjectNode cmd = Json.mapper().createObjectNode();
        cmd.put("name", name != null ? name : stem(model));
        cmd.put("version", version != null ? version : sha.substring(0, 12));
        cmd.put("sha256", sha);
        if (pipeline != null) {
            cmd.put("pipeline", pipeline);
        }
        if (privateKey != null) {
            cmd.put("signature", Base64.getEncoder().encodeToString(Ed25519Keys.sign(privateKey, HexFormat.of()
                    .parseHex(sha))));
        }
        if (golden != null) {
            cmd.set("golden", Json.mapper().readTree(golden.toFile()));
        }
        try (ControlClient client = new ControlClient(broker, prefix + "/" + device, new CommandSigner(privateKey, Clock
                .systemUTC()))) {
            if (url == null) {
                String transfer = UUID.randomUUID().toString();
                Integer failed = sendChunks(client, bytes, transfer);
                if (failed != null) {
                    return failed;
                }
                cmd.put("url", "chunks:" + transfer);
            } else {
                cmd.put("url", url);
            }
            String id = client.send("model", cmd);
            JsonNode r = client.await(id, "model", timeoutS * 1000L);
            if (r == null) {
                System.err.println("no answer from " + device + " within " + timeoutS
                        + " s (is it online, and subscribed?)");
                return NO_ANSWER;
            }
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
            if (!r.path("ok").asBoolean()) {
                return ExitCodes.FATAL;
            }
            return watch ? watchOut(client, id, r.path("watch_s").asDouble(0)) : ExitCodes.OK;
        } catch (MqttException e) {
            System.err.println("MQTT: " + e.getMessage() + " (" + broker + ")");
            return NO_ANSWER;
        }
    }

    private Integer sendChunks(ControlClient client, byte[] bytes, String transfer) throws Exception {
        int size = chunkKb * 1024;
        int total = Math.max(1, (bytes.length + size - 1) / size);
        for (int i = 0; i < total; i++) {
            ObjectNode chunk = Json.mapper().createObjectNode();
            chunk.put("transfer_id", transfer);
            chunk.put("index", i);
            chunk.put("total", total);
            chunk.put("data", Base64.getEncoder().encodeToString(
                    Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size))));
            String id = client.send("model/chunk", chunk);
            JsonNode r = client.await(id, "model/chunk", timeoutS * 1000L);
            if (r == null) {
                System.err.println("no answer to chunk " + i + " within " + timeoutS + " s");
                return NO_ANSWER;
            }
            if (!r.path("ok").asBoolean()) {
                System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
                return ExitCodes.FATAL;
            }
            System.err.printf("chunk %d/%d sent%n", i + 1, total);
        }
        return null;
    }

    /**
     * Waits out the device's health watch (plus the overtime it takes while a window is stuck at its
     * end), then asks how the model serves: a rollback, or a model that passed its watch but serves
     * degraded now (failing or falling behind), is exit 1.
     */
    private int watchOut(ControlClient client, String id, double watchS) throws Exception {
        if (watchS <= 0) {
            return ExitCodes.OK;
        }
        System.err.printf("watching for %.0f s ...%n", watchS);
        JsonNode rb = client.await(id, "rollback", (long) ((watchS + WATCH_OVERTIME_S) * 1000) + 10_000);
        if (rb != null) {
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rb));
            return ExitCodes.FATAL;
        }
        String asked = client.send("status", Json.mapper().createObjectNode());
        JsonNode health = client.await(asked, "status", timeoutS * 1000L);
        if (health != null && "degraded".equals(health.path("health").path("model").asText())) {
            System.err.println("the model passed its watch but serves degraded: " + health.path("health").path(
                    "model_reason").asText());
            return ExitCodes.FATAL;
        }
        System.err.println("the model passed its watch");
        return ExitCodes.OK;
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".pt") ? n.substring(0, n.length() - 3) : n;
    }
}
