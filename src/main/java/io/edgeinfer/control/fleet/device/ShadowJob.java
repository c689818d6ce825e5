package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.control.deploy.ValidationReport;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.DeviceReport.State;
import io.edgeinfer.control.fleet.Gate;
import io.edgeinfer.control.fleet.Stage;
import io.edgeinfer.pipeline.shadow.ShadowRunner;
import java.util.List;

/**
 * A member of a shadow stage: fetch and check the candidate as {@code cmd/model} would (sha256,
 * signature, validation, golden samples), then run it in shadow on the pipeline's live windows until
 * it compared {@code shadow.windows} of them or {@code shadow.max_s} passed, and report what it saw.
 * The serving model is never touched, and the candidate's answers are never published.
 */
final class ShadowJob extends Job {
    private ShadowRunner shadow;
    private ShadowEvaluation evaluation;
    private DeviceReport.Golden golden;
    private long startNanos;
    private DeviceReport.Millis servingBefore;

    ShadowJob(DesiredState doc, JobContext ctx) {
        super(doc, ctx);
    }

    @Override
    Step step() {
        if (shadow == null) {
            try {
                String url = ctx.source().url();
                if (url == null) {
                    return Step.of(State.FETCHING).withReason(ctx.source().waiting());
                }
                start(ctx.slot().check(ModelRequest.of(doc.model(), url)));
            } catch (CommandException e) {
                return Step.failed(State.REFUSED, e.code(), e.getMessage());
            }
        }
        double elapsedS = (ctx.nanoTime().getAsLong() - startNanos) / 1e9;
        DeviceReport.ShadowFigures f = evaluation.figures(shadow.dropped(), ctx.powerW().getAsDouble(), golden,
                elapsedS,
                servingBefore);
        if (f.windows() >= doc.shadow().windows() || elapsedS >= doc.shadow().maxS()) {
            cancel();
            String why = f.windows() >= doc.shadow().windows()
                    ? null
                    : "time up after " + f.windows() + " of "
                            + doc.shadow().windows() + " windows (shadow.max_s " + doc.shadow().maxS() + ")";
            return verdict(f, why);
        }
        return new Step(State.SHADOWING, null, null, f, null, null, null);
    }

    /** The end of the shadow: done, or failed by the document's gate (the failed terms as the reason). */
    private Step verdict(DeviceReport.ShadowFigures f, String why) {
        Gate gate = gate();
        if (gate == null) {
            return new Step(State.SHADOW_DONE, null, why, f, null, null, null);
        }
        List<String> failed = gate.failures(f, null, Stage.Kind.SHADOW);
        if (failed.isEmpty()) {
            return new Step(State.SHADOW_DONE, null, why, f, null, null, "passed");
        }
        return new Step(State.GATE_FAILED, "gate_failed", String.join("; ", failed), f, null, null, "failed");
    }

    private void start(ModelDeployer.Checked c) {
        ValidationReport.Golden g = c.report().golden();
        golden = g == null ? null : new DeviceReport.Golden(g.total(), g.correct());
        evaluation = new ShadowEvaluation();
        servingBefore = ctx.serving().read(ctx.slot().serving().sha256(), f -> f.latencies.millis());
        shadow = ctx.shadows().create(c.runner(), ctx.slot().id());
        shadow.addListener(evaluation);
        startNanos = ctx.nanoTime().getAsLong();
        ctx.slot().observe(shadow);
    }

    @Override
    void cancel() {
        if (shadow != null) {
            ctx.slot().unobserve(shadow);
            shadow.close();
        }
    }
}
