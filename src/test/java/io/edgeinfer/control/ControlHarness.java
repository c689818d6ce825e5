package io.edgeinfer.control;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.MqttProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * A daemon under remote control for integration tests: an embedded broker on a free port, a config
 * file in a temporary folder whose model directory holds copies of the demo and test models, the
 * daemon in-process, a subscriber on everything it publishes and a command client.
 */
final class ControlHarness implements AutoCloseable {
    static final Path REPO_MODELS = Path.of("models").toAbsolutePath();
    static final Path TEST_MODELS = Path.of("src/test/resources/models").toAbsolutePath();
    static final String INT8 = sha("vibration_int8.pt");
    static final String FP32 = sha("vibration_fp32.pt");
    static final String LABELS = "[normal, imbalance, misalignment, bearing_fault]";

    final Path dir;
    final Path modelDir;
    final Path configFile;
    final String device;
    /** The request id prefix of the status queries {@link #start} sends until the daemon answers. */
    private static final String READY = "harness-ready-";

    /** The harness's own broker; null when it shares another's. */
    final EmbeddedBroker broker;
    final String brokerUrl;
    private final boolean ownBroker;
    final MqttProbe probe;
    Daemon daemon;
    ControlClient client;

    /**
     * @param hop window hop at 400 Hz (2: 200 windows/s)
     * @param modelExtra extra {@code model} keys, YAML flow style without braces (may be empty)
     * @param controlYaml the {@code control} section's keys, block style (2-space indented); {@code state_dir}
     *     defaults to {@code state} in the folder
     */
    ControlHarness(Path dir, String device, int hop, String modelExtra, String controlYaml, PrivateKey key)
            throws Exception {
        this(dir, device, "vibration_int8.pt", hop, modelExtra, controlYaml, key);
    }

    /** @param bootModel the file in the model directory the daemon starts with */
    ControlHarness(Path dir, String device, String bootModel, int hop, String modelExtra, String controlYaml,
            PrivateKey key)
            throws Exception {
        this(dir, device, bootModel, hop, modelExtra, "", controlYaml, key, null);
    }

    /**
     * One of several daemons on the broker at {@code sharedUrl} (closed by its owner, not here).
     *
     * @param topYaml more top-level sections, block style (may be empty)
     */
    ControlHarness(Path dir, String device, String sharedUrl, String topYaml, String controlYaml, PrivateKey key)
            throws Exception {
        this(dir, device, "vibration_int8.pt", 8, "", topYaml, controlYaml, key, sharedUrl);
    }

    private ControlHarness(Path dir, String device, String bootModel, int hop, String modelExtra, String topYaml,
            String controlYaml, PrivateKey key, String sharedUrl) throws Exception {
        this.dir = dir;
        this.device = device;
        this.modelDir = Files.createDirectories(dir.resolve("models"));
        for (String m : List.of("vibration_int8.pt", "vibration_fp32.pt")) {
            Files.copy(REPO_MODELS.resolve(m), modelDir.resolve(m));
        }
        try (var files = Files.list(TEST_MODELS)) {
            for (Path p : files.toList()) {
                Files.copy(p, modelDir.resolve(p.getFileName()));
            }
        }
        ownBroker = sharedUrl == null;
        broker = ownBroker ? new EmbeddedBroker("127.0.0.1", 0) : null;
        brokerUrl = ownBroker ? broker.url() : sharedUrl;
        // Not the commands themselves: the probe reads every message as JSON, and some tests send broken ones.
        probe = new MqttProbe(brokerUrl, "edgeinfer/" + device + "/+");
        configFile = dir.resolve("edge.yaml");
        Files.writeString(configFile, deviceYaml(device, bootModel, modelExtra, "", hop, brokerUrl) + """
                %s
                control:
                  model_dir: models
                %s
                """.formatted(topYaml.stripTrailing(),
                (controlYaml.contains("state_dir:") ? controlYaml : controlYaml + "\nstate_dir: state").indent(2)
                        .stripTrailing()));
        client = new ControlClient(brokerUrl, "edgeinfer/" + device, new CommandSigner(key, Clock.systemUTC()));
        start();
    }

    /**
     * A device's config file up to its own sections: the simulated vibration sensor at 400 Hz, the
     * broker, an outbox in {@code state/}; paths relative to the file's folder.
     *
     * @param modelExtra more {@code model} keys, YAML flow style without braces (may be empty)
     * @param sourceExtra more {@code source} keys, the same way
     */
    static String deviceYaml(String device, String bootModel, String modelExtra, String sourceExtra, int hop,
            String brokerUrl) {
        return """
                device_id: %s
                model: {path: models/%s, name: vibration-mlp, version: "1.0.0", labels: %s%s}
                source: {type: simulated-vibration, rate_hz: 400%s}
                window: {size: 256, hop: %d}
                pipeline: {queue_capacity: 64, overflow: block}
                mqtt: {broker: "%s", keepalive_s: 5, reconnect: {min_ms: 50, max_ms: 500}}
                outbox: {path: state/outbox.db, commit_interval_ms: 10}
                telemetry: {interval_s: 1}
                """.formatted(device, bootModel, LABELS, modelExtra.isEmpty() ? "" : ", " + modelExtra,
                sourceExtra.isEmpty() ? "" : ", " + sourceExtra, hop, brokerUrl);
    }

    /**
     * Starts (or starts again) the daemon from the config file, and returns once it answers commands:
     * a command published before the daemon has subscribed is not delivered to it (MQTT keeps no
     * non-retained message for a subscription that does not exist yet).
     */
    void start() throws Exception {
        daemon = Daemon.start(new ConfigLoader(Map.of()).load(configFile), Clock.systemUTC(), configFile);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String id = client.send("status", Json.mapper().createObjectNode().put("request_id", READY + UUID
                    .randomUUID()));
            return client.await(id, "status", 2_000) != null;
        });
    }

    /** Every answer on {@code cmd/result} but those to the start's readiness checks. */
    List<JsonNode> answers() {
        return client.results().stream().filter(r -> !r.path("request_id").asText("").startsWith(READY)).toList();
    }

    void stop() {
        daemon.close();
    }

    String topic(String leaf) {
        return "edgeinfer/" + device + "/" + leaf;
    }

    /** Predictions of the current daemon run, in arrival order. */
    List<JsonNode> predictions() {
        String boot = daemon.bootId();
        return probe.on(topic("predictions")).stream().filter(p -> p.get("boot_id").asText().equals(boot)).toList();
    }

    long lastSeq() {
        List<JsonNode> p = predictions();
        return p.isEmpty() ? -1 : p.get(p.size() - 1).get("seq").asLong();
    }

    /**
     * The model serving now: the sha256 in the first prediction made from now on. (The last prediction
     * a subscriber has seen may be older than an answer seen by another client: the broker orders
     * messages per subscriber, not across them.)
     */
    String servingNow() {
        // Windows numbered from now on are inferred after this call; the one in flight (an index below
        // the count of windows queued so far) may still be the model a rollback just replaced.
        return servingAfter(daemon.stats().windowsTotal() - 1);
    }

    /** Waits for a prediction made after {@code afterSeq} and returns the sha256 of the model that made it. */
    String servingAfter(long afterSeq) {
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSeq() > afterSeq);
        return predictions().stream().filter(p -> p.get("seq").asLong() > afterSeq).findFirst().orElseThrow()
                .get("model").get("sha256").asText();
    }

    /** A {@code model} command for a file in the model directory. */
    ObjectNode modelCommand(String file, String version) throws IOException {
        return Json.mapper().createObjectNode().put("name", "vibration-mlp").put("version", version)
                .put("url", modelDir.resolve(file).toUri().toString()).put("sha256", shaOf(modelDir.resolve(file)));
    }

    /** Sends a command and waits for its answer. */
    JsonNode call(String name, ObjectNode body) throws Exception {
        String id = client.send(name, body);
        JsonNode r = client.await(id, name, 90_000);
        if (r == null) {
            throw new AssertionError("no answer to " + name + " " + id);
        }
        return r;
    }

    static String sha(String repoModel) {
        try {
            return shaOf(REPO_MODELS.resolve(repoModel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String shaOf(Path file) throws IOException {
        return Sha256.hex(Files.readAllBytes(file));
    }

    @Override
    public void close() throws MqttException {
        if (daemon != null) {
            daemon.close();
        }
        client.close();
        probe.close();
        if (ownBroker) {
            broker.close();
        }
    }
}
