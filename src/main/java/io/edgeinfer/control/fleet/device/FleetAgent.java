package io.edgeinfer.control.fleet.device;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DesiredStateReader;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.DeviceReport.State;
import io.edgeinfer.control.fleet.FleetSignature;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.control.fleet.Membership;
import io.edgeinfer.control.fleet.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of fleet rollouts (docs/fleet.md): follows the retained desired state of each of
 * its groups, acts on a revision newer than the last it applied (remembered on disk), decides
 * membership of each stage itself, runs the stage's job (shadow, serve, abort) on its pipeline, and
 * keeps a retained report per group. Messages arrive on the link's thread and wait in an inbox;
 * everything else happens in {@link #tick}, which the daemon calls on its control thread, so a
 * rollout's swaps never interleave with commands. One job per pipeline at a time: a document of
 * another group for a busy pipeline waits.
 */
public final class FleetAgent {
    private static final Logger LOG = LoggerFactory.getLogger(FleetAgent.class);
    private static final long FIGURES_EVERY_MS = 2000;

    private final Device device;
    private final FleetLink link;
    private final Map<String, PipelineSlot> slots = new LinkedHashMap<>();
    private final Map<String, ServeEvaluation> serving = new LinkedHashMap<>();
    private final ShadowFactory shadows;
    private final AppliedRevisions store;
    private final Map<String, GroupRecord> records;
    private final Map<String, DesiredState> pending = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ChunkRouter chunks;
    private final Map<String, String> groupOfTopic = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Arrival> inbox = new ConcurrentLinkedQueue<>();
    private final ReportBook reports;
    private final ReportWriter writer;

    /** A message the link delivered, waiting for the agent's thread. */
    private record Arrival(String topic, byte[] payload, boolean chunk) {
    }

    /**
     * Who the device is and what it runs with.
     *
     * @param groups every group it follows, its own id first
     * @param stateFile where applied revisions are kept ({@code control.state_dir/fleet-state.json})
     * @param powerW telemetry's last power reading in watts, NaN without a meter
     * @param nanoTime the monotonic clock shadows and waits are timed with
     */
    public record Device(String deviceId, String bootId, List<String> groups, FleetTopics topics,
            Supplier<ControlConfig> control, Path stateFile, DoubleSupplier powerW, Clock clock,
            LongSupplier nanoTime) {
    }

    /** @param slots the device's pipelines, in config order */
    public FleetAgent(Device device, FleetLink link, List<PipelineSlot> slots, ShadowFactory shadows) {
        this.device = device;
        this.link = link;
        this.shadows = shadows;
        for (PipelineSlot s : slots) {
            this.slots.put(s.id(), s);
            ServeEvaluation e = new ServeEvaluation();
            serving.put(s.id(), e);
            s.observe(e);
        }
        this.store = new AppliedRevisions(device.stateFile());
        this.records = store.load();
        this.writer = new ReportWriter(device.deviceId(), device.bootId(), device.clock());
        this.chunks = new ChunkRouter(link, (t, p) -> inbox.add(new Arrival(t, p, true)));
        this.reports = new ReportBook(link, device.topics(), device.deviceId(), device.clock()::millis,
                FIGURES_EVERY_MS);
    }

    /** Subscribes to every group's desired state and states where the device stands in each. */
    public void start() {
        for (String g : device.groups()) {
            GroupRecord r = records.get(g);
            reports.put(g, r != null && r.report() != null
                    ? writer.refreshed(r.report(), slots)
                    : writer.idle(g, slots));
            String topic = device.topics().desired(g);
            groupOfTopic.put(topic, g);
            link.subscribe(topic, (t, p) -> inbox.add(new Arrival(t, p, false)));
        }
        LOG.info("fleet: following groups {} on {}", device.groups(), device.topics().desired("+"));
    }

    /**
     * Does what is due: reads arrived documents and chunks, advances the jobs, starts waiting ones,
     * sends the reports. Called on one thread only (the daemon's control thread, every half second).
     *
     * @return a swap or rollback a job made, to publish on {@code cmd/result}; null when none
     */
    public CommandResult tick() {
        for (Arrival a; (a = inbox.poll()) != null;) {
            String group = groupOfTopic.get(a.topic());
            if (a.chunk()) {
                chunks.deliver(a.topic(), a.payload());
            } else if (group != null && a.payload().length > 0) {
                received(group, a.payload());
            }
        }
        CommandResult answer = null;
        for (String g : new ArrayList<>(jobs.keySet())) {
            CommandResult a = advance(g);
            answer = a != null ? a : answer;
        }
        startWaiting();
        reports.flush();
        return answer;
    }

    private void received(String group, byte[] payload) {
        DesiredState d;
        try {
            d = DesiredStateReader.read(group, payload);
            FleetSignature.check(device.control().get(), device.topics().desired(group), payload, d.auth());
            slotFor(d);
        } catch (CommandException e) {
            refuse(group, null, e);
            return;
        }
        GroupRecord r = records.get(group);
        long applied = r == null ? 0 : r.revision();
        if (d.revision() < applied) {
            refuse(group, d.revision(), new CommandException("old_revision", "revision " + d.revision()
                    + " is older than the last one applied, " + applied + ": a replayed document is not a command"));
        } else if (d.revision() == applied && !(r.inProgress() && !jobs.containsKey(group))) {
            reports.resend(group);
        } else {
            pending.put(group, d);
        }
    }

    private PipelineSlot slotFor(DesiredState d) throws CommandException {
        List<String> ids = List.copyOf(slots.keySet());
        if (d.pipeline() == null) {
            if (ids.size() == 1) {
                return slots.get(ids.get(0));
            }
            throw new CommandException("pipeline_required", "this device runs " + ids.size() + " pipelines " + ids
                    + ": the desired state must name one in \"pipeline\"");
        }
        PipelineSlot s = slots.get(d.pipeline());
        if (s == null) {
            throw new CommandException("unknown_pipeline", "this device runs no pipeline '" + d.pipeline()
                    + "'; its pipelines: "
                    + ids);
        }
        return s;
    }

    /** Starts the documents that wait, each once its pipeline is free of another group's job. */
    private void startWaiting() {
        for (String g : new ArrayList<>(pending.keySet())) {
            DesiredState d = pending.get(g);
            PipelineSlot slot = slots.get(d.pipeline() == null ? slots.keySet().iterator().next() : d.pipeline());
            boolean busy = jobs.entrySet().stream().anyMatch(e -> !e.getKey().equals(g)
                    && e.getValue().ctx.slot() == slot);
            if (busy) {
                continue;
            }
            pending.remove(g);
            Job old = jobs.remove(g);
            if (old != null) {
                old.cancel();
            }
            begin(g, d, slot);
        }
    }

    private void begin(String group, DesiredState d, PipelineSlot slot) {
        GroupRecord before = records.get(group);
        boolean resumed = before != null && before.inProgress() && before.revision() == d.revision();
        GroupRecord r = before == null
                ? new GroupRecord(null, true, null, null, null)
                : before.forRollout(d.rolloutId());
        boolean member = d.phase() == DesiredState.Phase.ABORTED
                || Membership.member(d.rolloutId(), device.deviceId(), d.current().percent());
        DeviceReport first = report(group, d, slot, member, Step.of(member ? State.FETCHING : State.NOT_MEMBER));
        if (member && d.model().labels() != null && !d.model().labels().equals(slot.labels())) {
            finish(group, r, report(group, d, slot, true, Step.failed(State.REFUSED, "wrong_labels",
                    "the model's labels "
                            + d.model().labels() + " are not pipeline " + slot.id() + "'s " + slot.labels())));
            return;
        }
        if (!member) {
            finish(group, r, first);
            return;
        }
        try {
            ControlConfig c = device.control().get();
            ModelSource source = new ModelSource(d, device.topics(), c.modelDir().resolve("fleet"), c.maxModelBytes(),
                    c.transferTimeoutS(), device.nanoTime(), chunks);
            JobContext ctx = new JobContext(slot, serving.get(slot.id()), source, shadows, device.powerW(),
                    device.nanoTime(), r, resumed, (from, to, base) -> save(group, records.get(group).swapping(from, to,
                            base)));
            save(group, r.withReport(first, true));
            jobs.put(group, job(d, ctx));
            LOG.info("fleet: group {} revision {}: rollout {} stage {} ({}){}", group, d.revision(), d.rolloutId(), d
                    .stage(),
                    d.phase() == DesiredState.Phase.ABORTED ? "aborted" : d.current(), resumed
                            ? ", resumed after a restart"
                            : "");
        } catch (CommandException e) {
            finish(group, r, report(group, d, slot, true, Step.failed(State.REFUSED, e.code(), e.getMessage())));
        } catch (IOException e) {
            LOG.error("fleet: state of group {} cannot be saved: {}", group, e.getMessage());
        }
    }

    private static Job job(DesiredState d, JobContext ctx) {
        if (d.phase() == DesiredState.Phase.ABORTED) {
            return new AbortJob(d, ctx);
        }
        return d.current().kind() == Stage.Kind.SHADOW ? new ShadowJob(d, ctx) : new ServeJob(d, ctx);
    }

    private CommandResult advance(String group) {
        Job job = jobs.get(group);
        Step s;
        try {
            s = job.step();
        } catch (RuntimeException e) {
            LOG.error("fleet: group {} revision {} failed", group, job.doc.revision(), e);
            s = Step.failed(State.FAILED, "internal_error", "internal error: " + e);
        }
        DeviceReport r = report(group, job.doc, job.ctx.slot(), true, s);
        if (s.state().terminal()) {
            jobs.remove(group);
            job.cancel();
            job.ctx.source().close();
            if (job instanceof AbortJob || s.state() == State.REFUSED && job instanceof ShadowJob) {
                job.ctx.source().forget();
            }
            finish(group, records.get(group), r);
        } else {
            reports.put(group, r);
        }
        return s.answer();
    }

    /** The revision is done: its report is saved as the group's state and sent. */
    private void finish(String group, GroupRecord r, DeviceReport report) {
        GroupRecord done = (r == null ? new GroupRecord(null, false, null, null, null) : r).withReport(report, false);
        if (report.state() == State.ABORTED) {
            done = new GroupRecord(report, false, null, null, null);
        }
        try {
            save(group, done);
        } catch (IOException e) {
            LOG.error("fleet: state of group {} cannot be saved: {}", group, e.getMessage());
        }
        reports.put(group, report);
        LOG.info("fleet: group {} revision {}: {}{}", group, report.revision(), report.state().wire(),
                report.reason() == null ? "" : " (" + report.reason() + ")");
    }

    private void save(String group, GroupRecord r) throws IOException {
        records.put(group, r);
        store.save(records);
    }

    private void refuse(String group, Long revision, CommandException e) {
        LOG.warn("fleet: desired state of group {} refused: {}", group, e.getMessage());
        DeviceReport now = reports.get(group);
        DeviceReport.Refusal refusal = new DeviceReport.Refusal(revision, e.code(), e.getMessage(), device.clock()
                .millis());
        reports.put(group, writer.with(now, refusal));
    }

    private DeviceReport report(String group, DesiredState d, PipelineSlot slot, boolean member, Step s) {
        return writer.of(group, d, slot, member, s);
    }

    /** Stops every job's background work (shadows); the serving models stay as they are. */
    public void close() {
        jobs.values().forEach(Job::cancel);
        jobs.values().forEach(j -> j.ctx.source().close());
    }
}
