package io.edgeinfer.control.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DesiredState.Phase;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.FleetSignature;
import io.edgeinfer.control.fleet.Gate;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.mqtt.Json;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Drives a rollout from the operator's side (docs/fleet.md): publishes the desired state stage by
 * stage, waits for the reports of each stage, advances when no member failed the gate and enough
 * passed it, and aborts otherwise, publishing a desired state that sends every device that moved
 * back. Everything it knows is on the broker, so another operator can read or abort the same
 * rollout.
 */
public final class RolloutDriver {
    /** How often the live line is drawn again while a stage waits. */
    private static final long LIVE_MS = 250;

    private final FleetBroker broker;
    private final PrivateKey key;
    private final Clock clock;
    private final PrintStream progress;
    private final LiveLine live;

    /**
     * How a rollout ended.
     *
     * @param stage the stage it reached (the failed one when aborted)
     * @param failures by device, what each member failed of the gate (empty when it passed)
     * @param reason why the stage failed when no member's gate says it (no member took part), else null
     */
    public record Outcome(boolean passed, long revision, int stage, Map<String, List<String>> failures, String reason) {
    }

    public RolloutDriver(FleetBroker broker, PrivateKey key, Clock clock, PrintStream progress) {
        this(broker, key, clock, progress, LiveLine.OFF);
    }

    /**
     * @param progress a line per stage
     * @param live the stage in progress, rewritten in place while it waits ({@link LiveLine#OFF}: none)
     */
    public RolloutDriver(FleetBroker broker, PrivateKey key, Clock clock, PrintStream progress, LiveLine live) {
        this.broker = broker;
        this.key = key;
        this.clock = clock;
        this.progress = progress;
        this.live = live;
    }

    /**
     * Publishes a model as retained pieces on the group's model topics. The pieces of another model
     * the group's retained document names are cleared first: that document is about to be replaced,
     * and no device will ask for them again.
     */
    public void publishChunks(String sha256, byte[] bytes, int chunkBytes) throws MqttException,
            JsonProcessingException {
        JsonNode d = broker.desired();
        DesiredState.ModelSpec replaced = d == null ? null : Json.mapper().treeToValue(d, DesiredState.class).model();
        if (replaced != null && !sha256.equals(replaced.sha256())) {
            clearChunks(replaced);
        }
        for (int i = 0; (long) i * chunkBytes < bytes.length; i++) {
            byte[] piece = Arrays.copyOfRange(bytes, i * chunkBytes, Math.min(bytes.length, (i + 1) * chunkBytes));
            broker.publishRetained(broker.topics().chunk(broker.group(), sha256, i), piece);
        }
    }

    /** The revision a new document of the group takes: one above the retained one. */
    public long nextRevision() {
        JsonNode d = broker.desired();
        return d == null ? 1 : d.path("revision").asLong(0) + 1;
    }

    /** Runs {@code first} (stage 0, a running document) through every stage, or until one fails. */
    public Outcome run(DesiredState first) throws Exception {
        Gate gate = Gate.parse(first.plan().gate());
        DesiredState doc = first;
        for (int stage = first.stage(); stage < first.stages().size(); stage++) {
            if (stage != first.stage()) {
                doc = doc.next(doc.revision() + 1, Phase.RUNNING, stage, clock.millis());
            }
            publish(doc);
            long revision = doc.revision();
            Stage.Kind kind = doc.current().kind();
            progress.printf("stage %d/%d %s (revision %d) ...%n", stage + 1, doc.stages().size(), doc.current(),
                    revision);
            awaitStage(doc, revision);
            Map<String, List<String>> failures = judge(broker.reports(), revision, kind, gate);
            long passed = failures.values().stream().filter(List::isEmpty).count();
            long members = members(broker.reports(), revision);
            // Fewer than min_devices passing a partial stage says too little to go on; at 100 % every device is a member.
            // A stage no device took part in proved nothing, at 100 % too: a mistyped group, or every
            // device offline, is not a rollout that completed.
            String nobody = members > 0 ? null : noMember(broker.reports(), doc, revision);
            boolean failed = failures.values().stream().anyMatch(f -> !f.isEmpty()) || nobody != null
                    || passed < doc.plan().minDevices() && doc.current().percent() < 100;
            live.clear();
            progress.printf("stage %s: %d of %d members passed%n", doc.current(), passed, members);
            if (failed) {
                DesiredState abort = doc.next(revision + 1, Phase.ABORTED, stage, clock.millis());
                publish(abort);
                clearChunks(abort.model());
                return new Outcome(false, abort.revision(), stage, failures, nobody);
            }
            broker.awaitReports(r -> false, (long) (doc.plan().stageDelayS() * 1000));
        }
        DesiredState done = doc.next(doc.revision() + 1, Phase.COMPLETE, doc.stages().size() - 1, clock.millis());
        publish(done);
        return new Outcome(true, done.revision(), done.stage(), Map.of(), null);
    }

    /** Waits for the stage's reports (or its timeout), showing where the devices stand meanwhile. */
    private void awaitStage(DesiredState doc, long revision) throws InterruptedException {
        long start = System.nanoTime();
        long timeoutMs = (long) (doc.plan().timeoutS() * 1000);
        while (true) {
            long left = timeoutMs - (System.nanoTime() - start) / 1_000_000;
            if (broker.awaitSettled(revision, Math.max(0, Math.min(left, LIVE_MS))) || left <= LIVE_MS) {
                return;
            }
            live.show(StageProgress.render(doc.stage(), doc.stages().size(), doc.current(), revision, broker.progress(
                    revision), (System.nanoTime() - start) / 1_000_000));
        }
    }

    /**
     * The group's retained rollout, if one is running: what a second operator (or this one after a
     * crash) resumes with {@link #run}, from the stage it is at. Null when there is none to resume.
     */
    public DesiredState running() throws JsonProcessingException {
        JsonNode d = broker.desired();
        if (d == null) {
            return null;
        }
        DesiredState now = Json.mapper().treeToValue(d, DesiredState.class);
        return now.phase() == Phase.RUNNING && now.plan() != null ? now : null;
    }

    /** Publishes an abort of the group's retained rollout; the revision it took, or -1 when there is none. */
    public long abort() throws Exception {
        JsonNode d = broker.desired();
        if (d == null) {
            return -1;
        }
        DesiredState now = Json.mapper().treeToValue(d, DesiredState.class);
        DesiredState abort = now.next(now.revision() + 1, Phase.ABORTED, now.stage(), clock.millis());
        publish(abort);
        clearChunks(abort.model());
        return abort.revision();
    }

    /**
     * Empties the retained pieces of {@code model} (an empty retained message clears one), so the broker
     * stops keeping a candidate no device needs: after an abort. A complete rollout keeps them: a device
     * that was offline throughout still fetches the model when it comes back, until the next rollout of
     * the group replaces the document ({@link #publishChunks}).
     */
    void clearChunks(DesiredState.ModelSpec model) throws MqttException {
        if (model == null || model.chunks() == null) {
            return;
        }
        for (int i = 0; i < model.chunks().count(); i++) {
            broker.publishRetained(broker.topics().chunk(broker.group(), model.sha256(), i), new byte[0]);
        }
    }

    private void publish(DesiredState d) throws MqttException, GeneralSecurityException {
        String topic = broker.topics().desired(broker.group());
        broker.publishRetained(topic, FleetSignature.sign(d, topic, key, clock.millis()));
    }

    /** Why a stage without members proved nothing: nobody answered it, or every answer came from a non-member. */
    private String noMember(Map<String, JsonNode> reports, DesiredState doc, long revision) {
        long answered = reports.values().stream().filter(r -> r.path("revision").asLong() == revision).count();
        return answered == 0
                ? "no device of group " + broker.group() + " reported on revision " + revision + " within timeout_s "
                        + doc.plan().timeoutS() + ": is the group right, are its devices online?"
                : "none of the " + answered + " devices of group " + broker.group() + " that answered revision "
                        + revision + " is a member of stage " + doc.current() + ": raise its percentage";
    }

    private static long members(Map<String, JsonNode> reports, long revision) {
        return reports.values().stream().filter(r -> r.path("revision").asLong() == revision && r.path("member")
                .asBoolean())
                .count();
    }

    /** What each member of {@code revision} failed of the gate; a member that did not finish failed. */
    static Map<String, List<String>> judge(Map<String, JsonNode> reports, long revision, Stage.Kind kind, Gate gate)
            throws JsonProcessingException {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : reports.entrySet()) {
            JsonNode r = e.getValue();
            if (r.path("revision").asLong() != revision || !r.path("member").asBoolean()) {
                continue;
            }
            DeviceReport report = Json.mapper().treeToValue(r, DeviceReport.class);
            out.put(e.getKey(), report.state().terminal()
                    ? gate.failures(report, kind)
                    : List.of("did not finish the stage in time (" + report.state().wire() + ")"));
        }
        return out;
    }
}
