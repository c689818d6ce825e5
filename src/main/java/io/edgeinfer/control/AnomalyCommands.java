package io.edgeinfer.control;

import io.edgeinfer.anomaly.AnomalyStatus;
import io.edgeinfer.pipeline.AnomalyScoring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code cmd/anomaly}: an operator's word on a pipeline's anomaly stage (docs/mqtt-api.md,
 * "cmd/anomaly"). {@code relearn} forgets the baseline and learns a new one (the machine was
 * repaired or moved, or learning saw a fault); {@code accept} folds the current operating condition
 * into the baseline (it is normal); {@code status} only reads. Both changes take effect at the
 * pipeline's next window, so the answer's {@code anomaly} is the state they were asked in.
 */
public final class AnomalyCommands {
    private static final Pattern ACTION = Pattern.compile("relearn|accept|status");

    /** Each pipeline's scoring by id, in config order; null for a pipeline without anomaly detection. */
    private final Map<String, AnomalyScoring> pipelines = new LinkedHashMap<>();

    /** The answer: which pipeline, what was asked, and its stage's state when it was asked. */
    public record AnomalyReply(String pipeline, String action, AnomalyStatus anomaly) implements Reply {
    }

    public AnomalyCommands(List<PipelineHandle> handles) {
        handles.forEach(h -> pipelines.put(h.id(), h.loop().anomaly()));
    }

    public Reply command(CommandBody b, String requestId) throws CommandException {
        String action = b.string("action", ACTION, "relearn, accept or status");
        String id = PipelineAddress.resolve(b, List.copyOf(pipelines.keySet()));
        b.rejectUnknown();
        AnomalyScoring s = pipelines.get(id);
        if (s == null || !s.enabled()) {
            throw new CommandException("not_enabled", "pipeline '" + id + "' runs no anomaly detection "
                    + "(anomaly.enabled is false)");
        }
        AnomalyStatus before = s.status();
        if (action.equals("relearn") && !s.relearn()) {
            throw new CommandException("no_detector", "pipeline '" + id + "' has anomaly.detector: none: it learns "
                    + "no baseline");
        }
        if (action.equals("accept") && !s.accept()) {
            throw new CommandException("not_ready", "pipeline '" + id + "' cannot accept now: its anomaly stage is "
                    + before.phase() + (before.baseline() == null ? " and has no baseline yet" : "")
                    + "; accept folds a condition into a finished baseline");
        }
        return new AnomalyReply(id, action, before);
    }
}
