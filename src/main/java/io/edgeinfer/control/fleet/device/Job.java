package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.fleet.DesiredState;

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
    void cancel() {}

    /** The request id of the commands the job makes, as they appear on {@code cmd/result}. */
    String requestId() {
        return "fleet-" + doc.group() + "-" + doc.revision();
    }
}
