package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DesiredState.Phase;
import io.edgeinfer.control.fleet.FleetSchemas;
import io.edgeinfer.control.fleet.FleetSignature;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.control.fleet.Membership;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.Mosquitto;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged rollout to a group of two real daemons on one mosquitto, one of them a member of the shadow
 * stage and one not: signed retained desired states, the candidate in shadow on live windows with
 * its figures and gate verdict reported and never published as predictions, the serve stage's
 * verified swap, a replayed old revision and a forged document refused, an abort that rolls every
 * device that moved back, and a restart that does not take the retained document as a new command.
 */
class FleetRolloutIT {
    private static final String GROUP = "line-a";
    private static final FleetTopics TOPICS = new FleetTopics("edgeinfer");
    private static final int CHUNK = 16 * 1024;
    /** More than the 200 calls nan_after.pt answers well, less its validation runs. */
    private static final int SHADOW_WINDOWS = 300;

    @TempDir
    Path dir;

    private final KeyPair operator = Ed25519Keys.generate();

    /** Two daemons in group {@value #GROUP} on one mosquitto, a subscriber on the group's reports, an operator's client. */
    private final class Fleet implements AutoCloseable {
        final Mosquitto broker = new Mosquitto(dir.resolve("mosquitto")).start();
        final MqttProbe reports = new MqttProbe(broker.url(), TOPICS.reports(GROUP));
        final ControlHarness a;
        final ControlHarness b;
        final MqttClient op = operatorClient(broker);

        Fleet() throws Exception {
            // The latency ratio is not what these tests judge: on a shared build machine a candidate's p99
            // over 2 s of windows was seen at 5x the previous model's, which rolled a good rollout back.
            String control = """
                    trusted_keys: [%s]
                    validation: {warmup_runs: 3, latency_runs: 20}
                    rollback: {watch_s: 2, min_windows: 20, max_latency_ratio: 50}
                    """.formatted(Base64.getEncoder().encodeToString(operator.getPublic().getEncoded()));
            String fleet = "fleet: {groups: [" + GROUP + "]}";
            a = new ControlHarness(Files.createDirectories(dir.resolve("a")), "fleet-a", broker.url(), fleet, control,
                    operator.getPrivate());
            b = new ControlHarness(Files.createDirectories(dir.resolve("b")), "fleet-b", broker.url(), fleet, control,
                    operator.getPrivate());
            await().atMost(Duration.ofSeconds(60)).until(() -> a.lastSeq() >= 20 && b.lastSeq() >= 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> state(reports, "fleet-a", r -> r.path("state").asText()
                    .equals("idle"))
                    && state(reports, "fleet-b", r -> r.path("state").asText().equals("idle")));
        }

        @Override
        public void close() throws Exception {
            reports.all().forEach(r -> assertThat(FleetSchemas.report(r.json())).as(r.json().toString()).isEmpty());
            op.disconnect();
            op.close();
            a.close();
            b.close();
            reports.close();
            broker.close();
        }
    }

    @Test
    void aRolloutMovesThroughShadowAndServeAndAnAbortBringsEveryDeviceBack() throws Exception {
        String rollout = rolloutWithOneCanary("fleet-a", "fleet-b", 50);
        try (Fleet f = new Fleet()) {
            ControlHarness a = f.a;
            ControlHarness b = f.b;
            MqttProbe reports = f.reports;
            MqttClient op = f.op;
            Candidate fp32 = new Candidate("vibration_fp32.pt", ControlHarness.FP32, "2.0.0", a);
            publishChunks(op, fp32);
            List<Stage> stages = List.of(new Stage(Stage.Kind.SHADOW, 50), new Stage(Stage.Kind.SERVE, 100));

            long beforeShadow = a.lastSeq();
            publish(op, doc(rollout, 1, Phase.RUNNING, 0, stages, fp32, "agreement>=0.9,errors==0"));
            JsonNode shadow = awaitReport(reports, "fleet-a", 1, "shadow_done");
            JsonNode idle = awaitReport(reports, "fleet-b", 1, "not_member");
            assertThat(shadow.get("member").asBoolean()).isTrue();
            assertThat(idle.get("member").asBoolean()).isFalse();
            JsonNode figures = shadow.get("shadow");
            assertThat(figures.get("windows").asLong()).isGreaterThanOrEqualTo(SHADOW_WINDOWS);
            assertThat(figures.get("agreement").asDouble()).as(figures.toString()).isGreaterThanOrEqualTo(0.9);
            assertThat(figures.get("errors").asLong()).isZero();
            assertThat(figures.get("candidate_ms").get("p99").asDouble()).isPositive();
            assertThat(figures.get("serving_before_ms").get("p99").asDouble()).isPositive();
            System.out.println("shadow figures on this machine: " + figures);
            assertThat(figures.get("confusion").size()).isPositive();
            assertThat(shadow.get("gate").asText()).isEqualTo("passed");
            assertThat(a.predictions().stream().filter(p -> p.get("seq").asLong() > beforeShadow)
                    .allMatch(p -> p.get("model").get("sha256").asText().equals(ControlHarness.INT8)))
                    .as("no prediction of the shadow model is published").isTrue();
            assertThat(a.servingNow()).isEqualTo(ControlHarness.INT8);
            assertThat(b.servingNow()).isEqualTo(ControlHarness.INT8);

            publish(op, doc(rollout, 2, Phase.RUNNING, 1, stages, fp32, "errors==0"));
            JsonNode served = awaitReport(reports, "fleet-a", 2, "serving");
            awaitReport(reports, "fleet-b", 2, "serving");
            assertThat(served.get("serve").get("watch").asText()).isEqualTo("passed");
            assertThat(a.servingNow()).isEqualTo(ControlHarness.FP32);
            assertThat(b.servingNow()).isEqualTo(ControlHarness.FP32);

            publish(op, doc(rollout, 1, Phase.RUNNING, 0, stages, fp32, "errors==0"));
            awaitRefusal(reports, "fleet-a", "old_revision");
            awaitRefusal(reports, "fleet-b", "old_revision");
            ObjectNode forged = (ObjectNode) Json.mapper().readTree(
                    sign(doc(rollout, 9, Phase.RUNNING, 1, stages, fp32, "errors==0")));
            ((ObjectNode) forged.get("model")).put("version", "2.0.1");
            op.publish(TOPICS.desired(GROUP), Json.encode(forged), 1, true);
            awaitRefusal(reports, "fleet-a", "bad_signature");
            assertThat(a.servingNow()).isEqualTo(ControlHarness.FP32);

            publish(op, doc(rollout, 3, Phase.ABORTED, 1, stages, fp32, "errors==0"));
            awaitReport(reports, "fleet-a", 3, "aborted");
            awaitReport(reports, "fleet-b", 3, "aborted");
            assertThat(a.servingNow()).isEqualTo(ControlHarness.INT8);
            assertThat(b.servingNow()).isEqualTo(ControlHarness.INT8);

            a.stop();
            a.start();
            String boot = a.daemon.bootId();
            JsonNode again = await().atMost(Duration.ofSeconds(60)).until(() -> latest(reports, "fleet-a"),
                    r -> r != null && r.get("boot_id").asText().equals(boot));
            assertThat(again.get("revision").asLong()).isEqualTo(3);
            assertThat(again.get("state").asText()).isEqualTo("aborted");
            assertThat(a.servingNow()).as("the retained document after a restart is no command").isEqualTo(
                    ControlHarness.INT8);
        }
    }

    @Test
    void aCandidateThatFailsTheGateInShadowStopsThereAndNoDeviceServesIt() throws Exception {
        try (Fleet f = new Fleet()) {
            Candidate nan = new Candidate("nan_after.pt", ControlHarness.shaOf(f.a.modelDir.resolve("nan_after.pt")),
                    "3.0.0",
                    f.a);
            publishChunks(f.op, nan);
            List<Stage> stages = List.of(new Stage(Stage.Kind.SHADOW, 100), new Stage(Stage.Kind.SERVE, 100));
            long beforeA = f.a.lastSeq();
            publish(f.op, doc("nan-rollout", 1, Phase.RUNNING, 0, stages, nan, "agreement>=0.9,errors==0"));
            for (ControlHarness h : List.of(f.a, f.b)) {
                JsonNode failed = awaitReport(f.reports, h.device, 1, "gate_failed");
                assertThat(failed.get("code").asText()).isEqualTo("gate_failed");
                assertThat(failed.get("gate").asText()).isEqualTo("failed");
                assertThat(failed.get("reason").asText()).contains("errors");
                assertThat(failed.get("shadow").get("non_finite").asLong()).isPositive();
                assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
            }
            assertThat(f.a.predictions().stream().filter(p -> p.get("seq").asLong() > beforeA)
                    .noneMatch(p -> p.get("model").get("sha256").asText().equals(nan.sha256()))).isTrue();

            publish(f.op, doc("nan-rollout", 2, Phase.ABORTED, 0, stages, nan, "agreement>=0.9,errors==0"));
            for (ControlHarness h : List.of(f.a, f.b)) {
                JsonNode aborted = awaitReport(f.reports, h.device, 2, "aborted");
                assertThat(aborted.get("reason").asText()).contains("nothing to undo");
                assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
            }
        }
    }

    @Test
    void theOperatorCommandRunsARolloutToCompletionAbortsItAndAbortsABadOneWithATable() throws Exception {
        Path keyFile = dir.resolve("ops.key");
        Ed25519Keys.writePrivate(operator.getPrivate(), keyFile);
        try (Fleet f = new Fleet()) {
            String rollout = rolloutWithOneCanary("fleet-a", "fleet-b", 50);
            List<String> common = List.of("--broker", f.broker.url(), "--group", GROUP, "--key", keyFile.toString(),
                    "--stages", "shadow:50%,serve:100%", "--gate", "agreement>=0.9,errors==0", "--shadow-windows",
                    "100",
                    "--timeout", "90", "--chunk-kb", "16");
            OperatorCli.Result good = cli(concat(List.of("rollout", "start", "--model", f.a.modelDir.resolve(
                    "vibration_fp32.pt")
                    .toString(),
                    "--rollout-id", rollout, "--version", "2.0.0"), common));
            assertThat(good.exit()).as(good.err() + good.out()).isZero();
            assertThat(good.out()).contains("fleet-a", "fleet-b", "rollout complete");
            assertThat(f.a.servingNow()).isEqualTo(ControlHarness.FP32);
            assertThat(f.b.servingNow()).isEqualTo(ControlHarness.FP32);
            JsonNode shadowed = f.reports.on(TOPICS.report(GROUP, "fleet-a")).stream()
                    .filter(r -> r.path("state").asText().equals("shadow_done")).findFirst().orElseThrow();
            assertThat(shadowed.get("shadow").get("windows").asLong()).isGreaterThanOrEqualTo(100);

            OperatorCli.Result status = cli("rollout", "status", "--broker", f.broker.url(), "--group", GROUP,
                    "--json");
            assertThat(status.exit()).isZero();
            JsonNode devices = Json.mapper().readTree(status.out()).get("devices");
            assertThat(devices.get("fleet-a").get("state").asText()).isEqualTo("serving");
            assertThat(Json.mapper().readTree(status.out()).get("desired").get("phase").asText()).isEqualTo("complete");
            OperatorCli.Result abort = cli("rollout", "abort", "--broker", f.broker.url(), "--group", GROUP, "--key",
                    keyFile
                            .toString());
            assertThat(abort.exit()).as(abort.err()).isZero();
            awaitReport(f.reports, "fleet-a", 4, "aborted");
            awaitReport(f.reports, "fleet-b", 4, "aborted");
            assertThat(f.a.servingNow()).isEqualTo(ControlHarness.INT8);
            assertThat(f.b.servingNow()).isEqualTo(ControlHarness.INT8);
            assertThat(RetainedPieces.of(f.broker.url(), GROUP, ControlHarness.FP32)).as(
                    "an aborted rollout's pieces are cleared").isEmpty();

            OperatorCli.Result bad = cli("rollout", "start", "--model", f.a.modelDir.resolve("nan_after.pt").toString(),
                    "--version",
                    "3.0.0",
                    "--broker", f.broker.url(), "--group", GROUP, "--key", keyFile.toString(), "--stages",
                    "shadow:100%,serve:100%", "--gate", "agreement>=0.9,errors==0", "--shadow-windows", "300",
                    "--timeout", "90",
                    "--chunk-kb", "16");
            assertThat(bad.exit()).as(bad.err() + bad.out()).isEqualTo(1);
            assertThat(bad.out()).contains("rollout aborted at stage 1", "gate_failed", "errors");
            assertThat(f.a.servingNow()).isEqualTo(ControlHarness.INT8);
            assertThat(f.b.servingNow()).isEqualTo(ControlHarness.INT8);

            // An operator that died right after publishing a stage: another one takes it up from the broker.
            long next = Json.mapper().readTree(cli("rollout", "status", "--broker", f.broker.url(), "--group", GROUP,
                    "--json")
                    .out()).get("desired").get("revision").asLong() + 1;
            Candidate fp32 = new Candidate("vibration_fp32.pt", ControlHarness.FP32, "2.0.0", f.a);
            publishChunks(f.op, fp32);
            publish(f.op, doc("resumed", next, Phase.RUNNING, 0, List.of(new Stage(Stage.Kind.SHADOW, 100),
                    new Stage(Stage.Kind.SERVE, 100)), fp32, "agreement>=0.9,errors==0"));
            OperatorCli.Result resumed = cli("rollout", "resume", "--broker", f.broker.url(), "--group", GROUP, "--key",
                    keyFile
                            .toString(),
                    "--json");
            assertThat(resumed.exit()).as(resumed.err() + resumed.out()).isZero();
            assertThat(Json.mapper().readTree(resumed.out()).get("revision").asLong()).isEqualTo(next + 2);
            assertThat(f.a.servingNow()).isEqualTo(ControlHarness.FP32);
            assertThat(f.b.servingNow()).isEqualTo(ControlHarness.FP32);
        }
    }

    private OperatorCli.Result cli(List<String> args) throws Exception {
        return OperatorCli.run(dir, args);
    }

    private OperatorCli.Result cli(String... args) throws Exception {
        return OperatorCli.run(dir, List.of(args));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** A rollout id that puts {@code canary} and not {@code other} within {@code percent}. */
    private static String rolloutWithOneCanary(String canary, String other, double percent) {
        return IntStream.range(0, 1000).mapToObj(i -> "rollout-" + i)
                .filter(r -> Membership.member(r, canary, percent) && !Membership.member(r, other, percent))
                .findFirst().orElseThrow();
    }

    /** A candidate model file (from a device's model directory; the devices get it in chunks). */
    private record Candidate(Path file, String sha256, String version) {
        Candidate(String name, String sha256, String version, ControlHarness h) {
            this(h.modelDir.resolve(name), sha256, version);
        }
    }

    private DesiredState doc(String rollout, long revision, Phase phase, int stage, List<Stage> stages, Candidate c,
            String gate) throws Exception {
        long bytes = Files.size(c.file());
        String signature = Base64.getEncoder().encodeToString(Ed25519Keys.sign(operator.getPrivate(),
                HexFormat.of().parseHex(c.sha256())));
        DesiredState.ModelSpec model = new DesiredState.ModelSpec("vibration-mlp", c.version(), c.sha256(), signature,
                null, null, new DesiredState.Chunks((int) ((bytes + CHUNK - 1) / CHUNK), CHUNK, bytes), null);
        return new DesiredState(DesiredState.SCHEMA, GROUP, rollout, revision, phase, null, stage, stages,
                new DesiredState.Plan(gate, 1, 120, 0), new DesiredState.Shadow(SHADOW_WINDOWS, 60), model,
                new ModelRef("vibration-mlp", "1.0.0", ControlHarness.INT8), System.currentTimeMillis(), null);
    }

    private byte[] sign(DesiredState d) throws Exception {
        return FleetSignature.sign(d, TOPICS.desired(GROUP), operator.getPrivate(), System.currentTimeMillis());
    }

    private void publish(MqttClient op, DesiredState d) throws Exception {
        byte[] payload = sign(d);
        assertThat(FleetSchemas.desired(Json.mapper().readTree(payload))).isEmpty();
        op.publish(TOPICS.desired(GROUP), payload, 1, true);
    }

    /** The candidate as retained chunks on the group's model topics, as the desired state announces it. */
    private static void publishChunks(MqttClient op, Candidate c) throws Exception {
        byte[] all = Files.readAllBytes(c.file());
        for (int i = 0; i * CHUNK < all.length; i++) {
            byte[] piece = Arrays.copyOfRange(all, i * CHUNK, Math.min(all.length, (i + 1) * CHUNK));
            op.publish(TOPICS.chunk(GROUP, c.sha256(), i), piece, 1, true);
        }
    }

    private static MqttClient operatorClient(Mosquitto broker) throws Exception {
        MqttClient c = new MqttClient(broker.url(), "fleet-operator", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        c.connect(o);
        return c;
    }

    private static JsonNode latest(MqttProbe reports, String device) {
        List<JsonNode> all = reports.on(TOPICS.report(GROUP, device));
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static boolean state(MqttProbe reports, String device, Predicate<JsonNode> p) {
        JsonNode r = latest(reports, device);
        return r != null && p.test(r);
    }

    private static JsonNode awaitReport(MqttProbe reports, String device, long revision, String state) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> latest(reports, device),
                r -> r != null && r.path("revision").asLong() == revision && r.path("state").asText().equals(state));
    }

    private static void awaitRefusal(MqttProbe reports, String device, String code) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state(reports, device,
                r -> r.path("refused").path("code").asText().equals(code)));
    }
}
