package io.edgeinfer.control.fleet.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DesiredState.Phase;
import io.edgeinfer.control.fleet.FleetSignature;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.control.fleet.Membership;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device side of a rollout on fake pipelines and an in-memory broker link: what it acts on,
 * what it refuses and why, and what it remembers across a restart.
 */
class FleetAgentTest {
    private static final String OLD = "a".repeat(64);
    private static final String NEW = "b".repeat(64);
    private static final String DEVICE = "dev-1";
    private static final String GROUP = "line";
    private static final FleetTopics TOPICS = new FleetTopics("edgeinfer");

    @TempDir
    Path dir;

    private final KeyPair operator = Ed25519Keys.generate();
    private final FakeLink link = new FakeLink();
    private final FakeSlot slot = new FakeSlot("main", OLD);

    @Test
    void aServeStageSwapsOnceAndARestartDoesNotTakeTheRetainedDocumentAgain() throws Exception {
        FleetAgent first = agent(List.of(slot));
        byte[] rev1 = signed(doc("r1", 1, Phase.RUNNING, "errors==0"), operator.getPrivate());
        link.deliver(TOPICS.desired(GROUP), rev1);
        JsonNode served = settle(first);
        assertThat(served.get("state").asText()).isEqualTo("serving");
        assertThat(served.get("gate").asText()).isEqualTo("passed");
        assertThat(served.get("revision").asLong()).isEqualTo(1);
        assertThat(slot.swaps).containsExactly(NEW);
        first.close();

        FleetAgent again = agent(List.of(slot));
        link.deliver(TOPICS.desired(GROUP), rev1);
        assertThat(settle(again).get("state").asText()).isEqualTo("serving");
        assertThat(slot.swaps).as("the replayed retained document is no command").containsExactly(NEW);

        link.deliver(TOPICS.desired(GROUP), signed(doc("r1", 2, Phase.ABORTED, null), operator.getPrivate()));
        JsonNode aborted = settle(again);
        assertThat(aborted.get("state").asText()).isEqualTo("aborted");
        assertThat(slot.rollbacks).isEqualTo(1);
        assertThat(slot.serving().sha256()).isEqualTo(OLD);

        link.deliver(TOPICS.desired(GROUP), rev1);
        JsonNode refused = settle(again);
        assertThat(refused.get("refused").get("code").asText()).isEqualTo("old_revision");
        assertThat(refused.get("revision").asLong()).isEqualTo(2);
        assertThat(slot.swaps).hasSize(1);
    }

    @Test
    void aDeviceKilledMidSwapComesBackOnAConsistentModelAndSwapsAtMostOnce() throws Exception {
        byte[] rev1 = signed(doc("r1", 1, Phase.RUNNING, null), operator.getPrivate());
        FleetAgent killed = agent(List.of(slot));
        link.deliver(TOPICS.desired(GROUP), rev1);
        killed.tick();
        killed.tick();
        assertThat(link.json(TOPICS.report(GROUP, DEVICE)).get("state").asText()).isEqualTo("swapping");
        // killed here, before the swap: nothing more of it runs

        FleetAgent back = agent(List.of(slot));
        link.deliver(TOPICS.desired(GROUP), rev1);
        assertThat(settle(back).get("state").asText()).isEqualTo("serving");
        assertThat(slot.swaps).as("the interrupted revision is taken up again").containsExactly(NEW);

        FakeSlot swapped = new FakeSlot("main", OLD);
        FleetAgent killedAfter = agent(List.of(swapped), "dev-1-after");
        link.deliver(TOPICS.desired(GROUP), rev1);
        killedAfter.tick();
        killedAfter.tick();
        swapped.swap(ModelRequest.of(doc("r1", 1, Phase.RUNNING, null).model(), "file:///m.pt"),
                "killed-after-the-swap");
        FleetAgent backAfter = agent(List.of(swapped), "dev-1-after");
        link.deliver(TOPICS.desired(GROUP), rev1);
        JsonNode r = settle(backAfter);
        assertThat(r.get("state").asText()).isEqualTo("serving");
        assertThat(r.get("reason").asText()).contains("cut short by a restart");
        assertThat(swapped.swaps).as("no second swap of a model already serving").hasSize(1);
    }

    @Test
    void documentsThatAreNotCommandsAreRefusedWithAReasonAndTheModelIsUntouched() throws Exception {
        FleetAgent agent = agent(List.of(slot));
        DesiredState d = doc("r1", 1, Phase.RUNNING, null);
        assertRefused(agent, FleetSignature.sign(d, TOPICS.desired(GROUP), null, 0), "unsigned");
        assertRefused(agent, signed(d, Ed25519Keys.generate().getPrivate()), "unknown_key");
        assertRefused(agent, FleetSignature.sign(d, TOPICS.desired("other"), operator.getPrivate(), 0),
                "bad_signature");
        assertRefused(agent, "{\"schema\": \"edgeinfer-fleet-desired/1\"}".getBytes(), "bad_document");
        assertRefused(agent, signed(withGate(d, "agreement>=lots"), operator.getPrivate()), "bad_document");
        assertThat(slot.swaps).isEmpty();
        assertThat(slot.serving().sha256()).isEqualTo(OLD);
    }

    @Test
    void aModelThePipelineCannotServeIsRefusedWithTheDeployersReasonAndNothingChanges() throws Exception {
        FleetAgent agent = agent(List.of(slot));
        DesiredState d = doc("r1", 1, Phase.RUNNING, null);
        DesiredState.ModelSpec m = d.model();
        DesiredState wrong = new DesiredState(d.schema(), d.group(), d.rolloutId(), 1, d.phase(), null, 0, d.stages(), d
                .plan(),
                null, new DesiredState.ModelSpec(m.name(), m.version(), FakeSlot.WRONG_SHAPE, null, null, m.url(), null,
                        null),
                null, 0, null);
        link.deliver(TOPICS.desired(GROUP), signed(wrong, operator.getPrivate()));
        JsonNode r = settle(agent);
        assertThat(r.get("state").asText()).isEqualTo("refused");
        assertThat(r.get("code").asText()).isEqualTo("wrong_shape");
        assertThat(r.get("reason").asText()).contains("pipeline main cannot take the model's input shape");
        assertThat(slot.serving().sha256()).isEqualTo(OLD);
    }

    @Test
    void aDeviceWithSeveralPipelinesNeedsTheDocumentToNameOne() throws Exception {
        FleetAgent agent = agent(List.of(slot, new FakeSlot("second", OLD)));
        assertRefused(agent, signed(doc("r1", 1, Phase.RUNNING, null), operator.getPrivate()), "pipeline_required");
        assertThat(slot.swaps).isEmpty();
    }

    @Test
    void aDeviceOutsideTheStagesPercentageDoesNothing() throws Exception {
        String rollout = IntStream.range(0, 1000).mapToObj(i -> "r" + i)
                .filter(r -> !Membership.member(r, DEVICE, 10)).findFirst().orElseThrow();
        FleetAgent agent = agent(List.of(slot));
        DesiredState d = doc(rollout, 1, Phase.RUNNING, null);
        DesiredState tenPercent = new DesiredState(d.schema(), d.group(), d.rolloutId(), 1, Phase.RUNNING, null, 0,
                List.of(new Stage(Stage.Kind.SERVE, 10), new Stage(Stage.Kind.SERVE, 100)), d.plan(), null, d.model(),
                null,
                0, null);
        link.deliver(TOPICS.desired(GROUP), signed(tenPercent, operator.getPrivate()));
        JsonNode r = settle(agent);
        assertThat(r.get("state").asText()).isEqualTo("not_member");
        assertThat(r.get("member").asBoolean()).isFalse();
        assertThat(slot.swaps).isEmpty();
    }

    @Test
    void aCandidateThatServesButFailsTheGateIsRolledBackHere() throws Exception {
        FleetAgent agent = agent(List.of(slot));
        link.deliver(TOPICS.desired(GROUP), signed(doc("r1", 1, Phase.RUNNING, "windows>=1000"), operator
                .getPrivate()));
        JsonNode r = settle(agent);
        assertThat(r.get("state").asText()).isEqualTo("rolled_back");
        assertThat(r.get("code").asText()).isEqualTo("gate_failed");
        assertThat(r.get("gate").asText()).isEqualTo("failed");
        assertThat(r.get("reason").asText()).contains("windows 0, not >= 1000");
        assertThat(slot.swaps).containsExactly(NEW);
        assertThat(slot.serving().sha256()).isEqualTo(OLD);
    }

    private void assertRefused(FleetAgent agent, byte[] payload, String code) {
        link.deliver(TOPICS.desired(GROUP), payload);
        JsonNode r = settle(agent);
        assertThat(r.get("refused").get("code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(r.get("refused").get("reason").asText()).isNotBlank();
    }

    /** Ticks until the group's report is in a final state (a few ticks do any job on the fake slot). */
    private JsonNode settle(FleetAgent agent) {
        for (int i = 0; i < 10; i++) {
            agent.tick();
        }
        return link.json(TOPICS.report(GROUP, DEVICE));
    }

    private FleetAgent agent(List<PipelineSlot> slots) {
        return agent(slots, DEVICE);
    }

    /** @param stateOf whose revision file the agent keeps (another name: another device's disk) */
    private FleetAgent agent(List<PipelineSlot> slots, String stateOf) {
        ControlConfig off = ControlConfig.off(dir.resolve("models"), dir.resolve("state"));
        byte[] der = operator.getPublic().getEncoded();
        ControlConfig control = new ControlConfig(false, List.of(new ControlConfig.TrustedKey(
                ControlConfig.TrustedKey.idOf(der), Base64.getEncoder().encodeToString(der))), off.modelDir(), off
                        .stateDir(),
                off.maxModelBytes(), off.maxCommandBytes(), off.keepVersions(), off.maxClockSkewS(), off
                        .transferTimeoutS(),
                false, off.https(), off.validation(), off.rollback());
        FleetAgent a = new FleetAgent(new FleetAgent.Device(DEVICE, "boot", List.of(DEVICE, GROUP), TOPICS,
                () -> control,
                dir.resolve("state/fleet-" + stateOf + ".json"), () -> Double.NaN, Clock.systemUTC(), System::nanoTime),
                link, slots,
                (candidate, pipeline) -> {
                    throw new AssertionError("no shadow stage here");
                });
        a.start();
        return a;
    }

    private static DesiredState doc(String rollout, long revision, Phase phase, String gate) {
        DesiredState.ModelSpec m = new DesiredState.ModelSpec("m", "2", NEW, null, FakeSlot.LABELS,
                "file:///models/m.pt",
                null, null);
        return new DesiredState(DesiredState.SCHEMA, GROUP, rollout, revision, phase, null, 0,
                List.of(new Stage(Stage.Kind.SERVE, 100)), new DesiredState.Plan(gate, 1, 60, 0), null, m, null, 0,
                null);
    }

    private static DesiredState withGate(DesiredState d, String gate) {
        return new DesiredState(d.schema(), d.group(), d.rolloutId(), d.revision(), d.phase(), d.pipeline(), d.stage(),
                d.stages(),
                new DesiredState.Plan(gate, 1, 60, 0), d.shadow(), d.model(), d.previous(), d.tsMs(), null);
    }

    private static byte[] signed(DesiredState d, PrivateKey key) throws Exception {
        byte[] b = FleetSignature.sign(d, TOPICS.desired(GROUP), key, 0);
        Json.mapper().readTree(b);
        return b;
    }
}
