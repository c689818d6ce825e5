package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.control.client.FleetBroker;
import io.edgeinfer.control.client.RolloutDriver;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.FleetSignature;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator keeps at most one model's pieces retained per group: a new model's start clears the
 * pieces of the model the group's document named, and an abort clears the candidate's. On mosquitto,
 * without devices: what the broker keeps is read as a new subscriber finds it.
 */
class RolloutPiecesIT {
    private static final String GROUP = "line-c";

    @TempDir
    Path dir;

    private final KeyPair key = Ed25519Keys.generate();

    @Test
    void aNewModelClearsTheReplacedOnesPiecesAndAnAbortClearsItsOwn() throws Exception {
        byte[] first = "the first model, in 8-byte pieces".getBytes(StandardCharsets.UTF_8);
        byte[] second = "the second model".getBytes(StandardCharsets.UTF_8);
        try (Mosquitto broker = new Mosquitto(dir).start();
                FleetBroker fleet = new FleetBroker(broker.url(), "edgeinfer", GROUP)) {
            RolloutDriver driver = new RolloutDriver(fleet, key.getPrivate(), Clock.systemUTC(), System.err);
            driver.publishChunks(Sha256.hex(first), first, 8);
            publishDocument(fleet, driver, first);
            assertThat(RetainedPieces.of(broker.url(), GROUP, Sha256.hex(first))).hasSize(5);

            driver.publishChunks(Sha256.hex(second), second, 8);
            assertThat(RetainedPieces.of(broker.url(), GROUP, Sha256.hex(first))).as("the replaced model's")
                    .isEmpty();
            assertThat(RetainedPieces.of(broker.url(), GROUP, Sha256.hex(second))).hasSize(2);

            publishDocument(fleet, driver, second);
            assertThat(driver.abort()).isEqualTo(3);
            assertThat(RetainedPieces.of(broker.url(), GROUP, Sha256.hex(second))).as("the aborted candidate's")
                    .isEmpty();
        }
    }

    @Test
    void aRolloutNoDeviceTakesPartInIsAbortedNotCompleted() throws Exception {
        byte[] model = "a model nobody fetches".getBytes(StandardCharsets.UTF_8);
        try (Mosquitto broker = new Mosquitto(dir).start();
                FleetBroker fleet = new FleetBroker(broker.url(), "edgeinfer", GROUP)) {
            RolloutDriver driver = new RolloutDriver(fleet, key.getPrivate(), Clock.systemUTC(), System.err);
            driver.publishChunks(Sha256.hex(model), model, 8);
            DesiredState.ModelSpec spec = new DesiredState.ModelSpec("m", "1", Sha256.hex(model), null, null, null,
                    new DesiredState.Chunks((model.length + 7) / 8, 8, model.length), null);
            DesiredState d = new DesiredState(DesiredState.SCHEMA, GROUP, "r", driver.nextRevision(),
                    DesiredState.Phase.RUNNING, null, 0, List.of(new Stage(Stage.Kind.SERVE, 100)),
                    new DesiredState.Plan("errors==0", 1, 1, 0), null, spec, null, 1L, null);

            RolloutDriver.Outcome out = driver.run(d);

            assertThat(out.passed()).isFalse();
            assertThat(out.reason()).contains("no device of group " + GROUP);
            assertThat(driver.running()).as("the group's document is the abort, not a running rollout").isNull();
            assertThat(RetainedPieces.of(broker.url(), GROUP, Sha256.hex(model))).isEmpty();
        }
    }

    @Test
    void aStageWhoseAnswersAllComeFromNonMembersIsAbortedSayingSo() throws Exception {
        byte[] model = "a model for a stage too small".getBytes(StandardCharsets.UTF_8);
        try (Mosquitto broker = new Mosquitto(dir).start();
                FleetBroker fleet = new FleetBroker(broker.url(), "edgeinfer", GROUP)) {
            RolloutDriver driver = new RolloutDriver(fleet, key.getPrivate(), Clock.systemUTC(), System.err);
            long revision = driver.nextRevision();
            // What a device outside the stage's share answers (the real agent's report, cut to what is judged).
            fleet.publishRetained(fleet.topics().report(GROUP, "d-1"), ("{\"revision\": " + revision
                    + ", \"state\": \"not_member\", \"member\": false}").getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> fleet.reports().containsKey("d-1"));
            DesiredState.ModelSpec spec = new DesiredState.ModelSpec("m", "1", Sha256.hex(model), null, null, null,
                    new DesiredState.Chunks((model.length + 7) / 8, 8, model.length), null);
            DesiredState d = new DesiredState(DesiredState.SCHEMA, GROUP, "r", revision, DesiredState.Phase.RUNNING,
                    null, 0, List.of(new Stage(Stage.Kind.SERVE, 100)), new DesiredState.Plan("errors==0", 0, 5, 0),
                    null, spec, null, 1L, null);

            RolloutDriver.Outcome out = driver.run(d);

            assertThat(out.passed()).isFalse();
            assertThat(out.reason()).contains("none of the 1 devices of group " + GROUP, "raise its percentage");
        }
    }

    /** A signed running document for {@code model} (in 8-byte pieces), once the operator's view has it. */
    private void publishDocument(FleetBroker fleet, RolloutDriver driver, byte[] model) throws Exception {
        long revision = driver.nextRevision();
        DesiredState.ModelSpec spec = new DesiredState.ModelSpec("m", "1", Sha256.hex(model), null, null, null,
                new DesiredState.Chunks((model.length + 7) / 8, 8, model.length), null);
        DesiredState d = new DesiredState(DesiredState.SCHEMA, GROUP, "r", revision, DesiredState.Phase.RUNNING,
                null, 0, List.of(new Stage(Stage.Kind.SERVE, 100)), new DesiredState.Plan("errors==0", 1, 10, 0),
                null, spec, null, 1L, null);
        String topic = fleet.topics().desired(GROUP);
        fleet.publishRetained(topic, FleetSignature.sign(d, topic, key.getPrivate(), 1L));
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.nextRevision() == revision + 1);
    }
}
