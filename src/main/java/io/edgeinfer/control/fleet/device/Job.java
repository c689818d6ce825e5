package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.Gate;

/**
 * The work one revision asks of one device, done in steps on the agent's thread (the daemon's
 * control thread) so a long shadow or watch never holds it: each step does what it can now and
 * says where the job is. A newer revision of the same group cancels it.
 */
abstract class Job {
    final DesiredState doc;
    final JobContext ctx;

    Job(DesiredState doc, JobContext ctx) {
        this.doc = doc;
        this.ctx = ctx;
    }

    /** Advances as far as it can without waiting; a terminal state ends the job. */
    abstract Step step();

    /** Stops what runs in the background (a shadow); the serving model is left as it is. */
    void cancel() {
    }

    /**
     * The document's gate ({@code plan.gate}), which the device applies to its own figures at the end
     * of a stage, so a candidate that fails it is stopped here even before an operator looks; null
     * when the document has none. The reader already refused a gate that does not parse.
     */
    Gate gate() {
        return doc.plan() == null || doc.plan().gate() == null || doc.plan().gate().isBlank()
                ? null
                : Gate.parse(doc.plan().gate());
    }

    /** The request id of the commands the job makes, as they appear on {@code cmd/result}. */
    String requestId() {
        return "fleet-" + doc.group() + "-" + doc.revision();
    }
}
