package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.fleet.FleetSchemas;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Mosquitto;
import io.edgeinfer.mqtt.MqttProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten real daemon processes (the launcher, real DJL) on one mosquitto, seven of them in group
 * {@value #GROUP} and three not, driven by the operator's {@code edgeinfer rollout start}: a candidate
 * trained on shuffled labels stopped at the shadow stage with nobody serving it; a good one taken
 * through shadow to 100 % with a member killed (SIGKILL) mid-swap on the way; a member that was down
 * during all of it catching up from the retained desired state. The tests build on each other (one
 * fleet, started once: starting ten JVMs is most of the time), so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetProcessesIT {
    private static final String GROUP = "line-b";
    private static final FleetTopics TOPICS = new FleetTopics("edgeinfer");
    private static final String SHUFFLED = ControlHarness.sha("vibration_shuffled_int8.pt");
    private static final int DEVICES = 10;
    private static final int MEMBERS = 7;
    /** The member that is down until the rollout is over. */
    private static final String LATE = "dev-06";
    /**
     * The machines the devices watch run with one fault after another, never in the normal state: the
     * model trained on shuffled labels mostly answers "normal", so on normal windows it would agree with
     * the demo model by chance (the default scenario, each state for 20 s aligned to the clock, put a
     * whole shadow stage in a normal phase once: agreement 0.68-0.97). On these it agrees on at most ~40 %.
     */
    private static final String FAULTS = "scenario: [{state: imbalance, duration_s: 10}, "
            + "{state: misalignment, duration_s: 10}, {state: bearing_fault, duration_s: 10}]";
    /** The member killed mid-swap. */
    private static final String KILLED = "dev-05";

    /** One folder for the whole class: the fleet outlives each test. */
    private Path dir;

    private final KeyPair operator = Ed25519Keys.generate();
    private final List<DaemonProcess> daemons = new ArrayList<>();
    private Mosquitto broker;
    private MqttProbe reports;
    private MqttProbe predictions;
    private Path keyFile;

    @BeforeAll
    void startTheFleet(@TempDir Path folder) throws Exception {
        dir = folder;
        broker = new Mosquitto(dir.resolve("mosquitto")).start();
        reports = new MqttProbe(broker.url(), "edgeinfer/_fleet/+/report/+");
        predictions = new MqttProbe(broker.url(), "edgeinfer/+/predictions");
        keyFile = dir.resolve("ops.key");
        Ed25519Keys.writePrivate(operator.getPrivate(), keyFile);
        String control = """
                control:
                  model_dir: models
                  state_dir: state
                  trusted_keys: [%s]
                  validation: {warmup_runs: 3, latency_runs: 20}
                  rollback: {watch_s: 2, min_windows: 10, max_latency_ratio: 50}
                """.formatted(Base64.getEncoder().encodeToString(operator.getPublic().getEncoded()));
        long t0 = System.nanoTime();
        for (int i = 0; i < DEVICES; i++) {
            String id = "dev-%02d".formatted(i);
            String groups = i < MEMBERS ? "fleet: {groups: [" + GROUP + "]}\n" : "";
            DaemonProcess d = new DaemonProcess(dir.resolve(id), id, broker.url(), FAULTS, 40, groups + control);
            daemons.add(d);
            if (!id.equals(LATE)) {
                d.start();
            }
        }
        await().atMost(Duration.ofSeconds(150)).until(() -> running().allMatch(d -> ready(d.device)));
        System.out.printf("%d daemons ready (report and prediction on the broker) in %.1f s%n", DEVICES - 1,
                (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    void stopTheFleet() throws Exception {
        for (DaemonProcess d : daemons) {
            d.close();
        }
        predictions.close();
        reports.close();
        broker.close();
    }

    @Test
    @Order(1)
    void aCandidateTrainedOnShuffledLabelsIsAbortedInShadowAndNoDeviceServesIt() throws Exception {
        OperatorCli.Result bad = OperatorCli.run(dir, rollout("vibration_shuffled_int8.pt", "9.0.0",
                "shuffled-9"));
        System.out.print(bad.out());
        assertThat(bad.exit()).as(bad.err() + bad.out()).isEqualTo(1);
        assertThat(bad.out()).contains("rollout aborted at stage 1", "gate_failed", "agreement");
        for (DaemonProcess d : running().toList()) {
            if (member(d)) {
                JsonNode failed = latestReport(GROUP, d.device);
                assertThat(failed.path("state").asText()).as(d.device).isIn("gate_failed", "aborted");
                assertThat(bad.out().lines().filter(l -> l.startsWith(d.device + " ")))
                        .as("the failing-gate table names %s and the failed term", d.device)
                        .singleElement().asString().contains("gate_failed", "agreement");
            }
            assertThat(servingNow(d.device)).as(d.device).isEqualTo(ControlHarness.INT8);
        }
        assertThat(RetainedPieces.of(broker.url(), GROUP, SHUFFLED)).as("the aborted candidate's pieces are cleared")
                .isEmpty();
    }

    @Test
    @Order(2)
    void aGoodCandidateReachesEveryMemberThroughShadowEvenOneKilledMidSwapAndNoOtherDevice() throws Exception {
        DaemonProcess killed = daemon(KILLED);
        OperatorCli.Running good = OperatorCli.start(dir, rollout("vibration_fp32.pt", "2.0.0", "good-2"));
        JsonNode swapping = await().atMost(Duration.ofSeconds(120)).until(() -> latestReport(GROUP, KILLED),
                r -> r != null && r.path("state").asText().equals("swapping"));
        killed.kill();
        System.out.println(KILLED + " killed at its report " + swapping.path("state").asText() + " of revision "
                + swapping.path("revision").asLong());
        assertThat(modelFiles(killed)).as("every model file on the killed device is whole")
                .allSatisfy(f -> assertThat(sha(f)).as(f.toString()).isIn(ControlHarness.INT8, ControlHarness.FP32,
                        SHUFFLED));
        killed.start();
        String firstAfter = await().atMost(Duration.ofSeconds(90)).until(() -> firstPredictionOfRun(KILLED, 2),
                s -> s != null);
        assertThat(firstAfter).as("back on a consistent model").isIn(ControlHarness.INT8, ControlHarness.FP32);
        System.out.println(KILLED + " restarted on " + (firstAfter.equals(ControlHarness.FP32)
                ? "the candidate"
                : "the old model"));

        OperatorCli.Result done = good.await(240);
        assertThat(done.exit()).as(done.err() + done.out()).isZero();
        assertThat(done.out()).contains("rollout complete");
        for (DaemonProcess d : running().toList()) {
            String expected = member(d) ? ControlHarness.FP32 : ControlHarness.INT8;
            assertThat(servingNow(d.device)).as(d.device).isEqualTo(expected);
            if (!member(d)) {
                assertThat(reports.on(TOPICS.report(GROUP, d.device))).as(d.device + " is no member").isEmpty();
                assertThat(latestReport(d.device, d.device).path("state").asText()).isEqualTo("idle");
            }
        }
        assertThat(latestReport(GROUP, KILLED).path("state").asText()).isEqualTo("serving");
        long size = Files.size(ControlHarness.REPO_MODELS.resolve("vibration_fp32.pt"));
        assertThat(RetainedPieces.of(broker.url(), GROUP, ControlHarness.FP32)).as(
                "a complete rollout keeps its pieces for devices that were away").hasSize((int) ((size + 16383)
                        / 16384));
    }

    @Test
    @Order(3)
    void aMemberThatWasDownDuringTheRolloutCatchesUpFromTheRetainedDesiredState() throws Exception {
        DaemonProcess late = daemon(LATE);
        assertThat(reports.on(TOPICS.report(GROUP, LATE))).isEmpty();
        late.start();
        JsonNode caughtUp = await().atMost(Duration.ofSeconds(120)).until(() -> latestReport(GROUP, LATE),
                r -> r != null && r.path("state").asText().equals("serving"));
        assertThat(caughtUp.path("model").path("sha256").asText()).isEqualTo(ControlHarness.FP32);
        assertThat(servingNow(LATE)).isEqualTo(ControlHarness.FP32);
        reports.all().forEach(r -> assertThat(FleetSchemas.report(r.json())).as(r.json().toString()).isEmpty());
    }

    private List<String> rollout(String model, String version, String id) {
        return List.of("rollout", "start", "--broker", broker.url(), "--group", GROUP, "--key", keyFile.toString(),
                "--model", ControlHarness.REPO_MODELS.resolve(model).toString(), "--version", version,
                "--rollout-id", id, "--stages", "shadow:100%,serve:100%", "--gate", "agreement>=0.9,errors==0",
                "--shadow-windows", "30", "--timeout", "120", "--chunk-kb", "16");
    }

    private Stream<DaemonProcess> running() {
        return daemons.stream().filter(DaemonProcess::alive);
    }

    private DaemonProcess daemon(String id) {
        return daemons.stream().filter(d -> d.device.equals(id)).findFirst().orElseThrow();
    }

    private boolean member(DaemonProcess d) {
        return daemons.indexOf(d) < MEMBERS;
    }

    /** The daemon published its fleet report (it follows its desired states) and predicts. */
    private boolean ready(String device) {
        return latestReport(device, device) != null && !predictions.on("edgeinfer/" + device + "/predictions")
                .isEmpty();
    }

    private JsonNode latestReport(String group, String device) {
        List<JsonNode> all = reports.on(TOPICS.report(group, device));
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /**
     * The model in a prediction made a moment from now: a few predictions past those seen so far
     * (one made before a swap may still be on its way).
     */
    private String servingNow(String device) {
        String topic = "edgeinfer/" + device + "/predictions";
        int seen = predictions.on(topic).size();
        int at = seen + 3;
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions.on(topic).size() > at);
        return predictions.on(topic).get(at).path("model").path("sha256").asText();
    }

    /** The model of the first prediction of the daemon's {@code run}-th run (boot), or null before it. */
    private String firstPredictionOfRun(String device, int run) {
        List<String> boots = new ArrayList<>();
        for (JsonNode p : predictions.on("edgeinfer/" + device + "/predictions")) {
            String boot = p.path("boot_id").asText();
            if (!boots.contains(boot)) {
                boots.add(boot);
                if (boots.size() == run) {
                    return p.path("model").path("sha256").asText();
                }
            }
        }
        return null;
    }

    private static List<Path> modelFiles(DaemonProcess d) throws IOException {
        try (Stream<Path> files = Files.walk(d.modelDir)) {
            return files.filter(f -> f.toString().endsWith(".pt")).toList();
        }
    }

    private static String sha(Path f) {
        try {
            return Sha256.hex(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
