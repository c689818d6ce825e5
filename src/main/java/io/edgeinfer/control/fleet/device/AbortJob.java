package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DeviceReport.State;

/**
 * An aborted rollout on one device: if its serve stage swapped the candidate in and the candidate
 * still serves, the existing rollback brings the model it replaced back (a shadow was already
 * stopped when the abort arrived); otherwise there is nothing to undo.
 */
final class AbortJob extends Job {

    AbortJob(DesiredState doc, JobContext ctx) {
        super(doc, ctx);
    }

    @Override
    Step step() {
        String candidate = doc.model().sha256();
        GroupRecord r = ctx.record();
        boolean moved = r != null && candidate.equals(r.swappedTo());
        if (!moved || !ctx.slot().serving().sha256().equals(candidate)) {
            return Step.of(State.ABORTED).withReason(moved
                    ? "the candidate no longer serves here"
                    : "nothing to undo: "
                            + "this device never served the candidate");
        }
        CommandResult rb = ctx.slot().rollback(requestId());
        if (!rb.ok()) {
            return Step.failed(State.FAILED, rb.code(), "the rollback to the previous model was refused: " + rb.error())
                    .withAnswer(rb);
        }
        return Step.of(State.ABORTED).withReason("rolled back to " + ctx.slot().serving().name() + " "
                + ctx.slot().serving().version()).withAnswer(rb);
    }
}
