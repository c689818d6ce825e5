package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.deploy.Replies;
import io.edgeinfer.control.deploy.ValidationReport;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.DeviceReport.State;
import io.edgeinfer.control.fleet.Gate;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.ModelRef;
import java.io.IOException;
import java.util.List;

/**
 * A member of a serve stage: the verified hot-swap of {@code cmd/model} (sha256, Ed25519, validation,
 * no window skipped) and its health watch with automatic rollback, then the report says how the
 * candidate serves against the model it replaced on this device. What is about to be swapped is
 * saved before the swap, so a device killed mid-swap comes back knowing what it was doing: on the old
 * model it swaps again, on the new one it goes on as if the watch was cut short.
 */
final class ServeJob extends Job {
    private enum Phase {
        START, SWAP, WATCH
    }

    private Phase phase = Phase.START;
    private GroupRecord.Baseline before;
    private DeviceReport.Golden golden;
    private boolean interrupted;

    ServeJob(DesiredState doc, JobContext ctx) {
        super(doc, ctx);
    }

    @Override
    Step step() {
        try {
            return switch (phase) {
                case START -> start();
                case SWAP -> swap();
                case WATCH -> watch();
            };
        } catch (CommandException e) {
            return Step.failed(State.REFUSED, e.code(), e.getMessage());
        }
    }

    private String candidate() {
        return doc.model().sha256();
    }

    private Step start() throws CommandException {
        ModelInfo serving = ctx.slot().serving();
        if (serving.sha256().equals(candidate())) {
            // A later stage of the same rollout, or a restart after the swap: the watch is over or was cut short.
            interrupted = ctx.resumed() && !ctx.slot().watching();
            phase = Phase.WATCH;
            return watch();
        }
        if (ctx.source().url() == null) {
            return Step.of(State.FETCHING).withReason(ctx.source().waiting());
        }
        before = ctx.serving().read(serving.sha256(),
                f -> new GroupRecord.Baseline(f.latencies.millis(), f.latencies.energyMj(ctx.powerW().getAsDouble())));
        try {
            ctx.memory().swapping(ModelRef.of(serving), candidate(), before);
        } catch (IOException e) {
            throw new CommandException("io_error", "the fleet state cannot be saved before the swap: " + e.getMessage(),
                    e);
        }
        phase = Phase.SWAP;
        return Step.of(State.SWAPPING);
    }

    private Step swap() throws CommandException {
        CommandResult r = ctx.slot().swap(ModelRequest.of(doc.model(), ctx.source().url()), requestId());
        if (!r.ok()) {
            return Step.failed(State.REFUSED, r.code(), r.error()).withAnswer(r);
        }
        if (r.reply() instanceof Replies.Swapped s && s.validation() != null && s.validation().golden() != null) {
            ValidationReport.Golden g = s.validation().golden();
            golden = new DeviceReport.Golden(g.total(), g.correct());
        }
        ctx.serving().restart(candidate());
        phase = Phase.WATCH;
        return watch().withAnswer(r);
    }

    private Step watch() {
        boolean serving = ctx.slot().serving().sha256().equals(candidate());
        if (serving && ctx.slot().watching()) {
            return new Step(State.WATCHING, null, null, null, figures("running"), null, null);
        }
        if (serving) {
            String note = interrupted
                    ? "the health watch was cut short by a restart; the figures cover the time since"
                    : null;
            return judged(note, figures(interrupted ? "interrupted" : "passed"));
        }
        CommandResult rb = ctx.slot().lastRollback();
        String why = rb != null && rb.reply() instanceof Replies.RolledBack b && b.reason() != null
                ? b.reason()
                : "the candidate no longer serves";
        return new Step(State.ROLLED_BACK, "rolled_back", why, null, figures("rolled_back"), null, null);
    }

    /**
     * The watch passed: the document's gate on the candidate's figures here decides whether it stays;
     * one that fails it is rolled back at once (the existing rollback), as the watch would have.
     */
    private Step judged(String note, DeviceReport.ServeFigures f) {
        Gate gate = gate();
        List<String> failed = gate == null ? List.of() : gate.failures(null, f, Stage.Kind.SERVE);
        if (failed.isEmpty()) {
            return new Step(State.SERVING, null, note, null, f, null, gate == null ? null : "passed");
        }
        CommandResult rb = ctx.slot().rollback(requestId());
        if (!rb.ok()) {
            return new Step(State.FAILED, rb.code(), "gate failed (" + String.join("; ", failed)
                    + ") and the rollback was "
                    + "refused: " + rb.error(), null, f, rb, "failed");
        }
        return new Step(State.ROLLED_BACK, "gate_failed", String.join("; ", failed), null, f, rb, "failed");
    }

    private DeviceReport.ServeFigures figures(String watch) {
        GroupRecord.Baseline base = before != null ? before : ctx.baselineFor(candidate());
        double power = ctx.powerW().getAsDouble();
        return ctx.serving().read(candidate(), f -> new DeviceReport.ServeFigures(watch, f.windows(), f.failed,
                f.latencies.millis(), ctx.ms(base), f.latencies.energyMj(power), base == null ? null : base.energyMj(),
                golden));
    }
}
