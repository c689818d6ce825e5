package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.pipeline.InferenceObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A pipeline without inference: a swap only changes which model it says it serves, a rollback goes
 * back one. The fleet bench's simulated devices run on it (it measures a rollout's coordination, not
 * inference), and so do the agent's tests. A model it is told to refuse is answered as
 * {@code cmd/model} answers one of the wrong input shape. Runs no shadow.
 */
public class SimulatedSlot implements PipelineSlot {
    public static final List<String> LABELS = List.of("normal", "fault");

    private final String id;
    private final List<ModelInfo> history = new ArrayList<>();
    private volatile Set<String> refused = Set.of();

    public SimulatedSlot(String id, ModelInfo serving) {
        this.id = id;
        history.add(serving);
    }

    /** Models this pipeline refuses from now on. */
    public void refuse(Set<String> sha256s) {
        refused = Set.copyOf(sha256s);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized ModelInfo serving() {
        return history.get(history.size() - 1);
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public ModelDeployer.Checked check(ModelRequest model) throws CommandException {
        throw new CommandException("not_simulated", "a simulated pipeline runs no shadow");
    }

    @Override
    public void observe(InferenceObserver o) {
        // no inference loop: nothing to observe
    }

    @Override
    public void unobserve(InferenceObserver o) {
        // no inference loop: nothing to observe
    }

    @Override
    public synchronized CommandResult swap(ModelRequest model, String requestId) {
        if (refused.contains(model.sha256())) {
            return CommandResult.refused(requestId, "model", 0, new CommandException("wrong_shape",
                    "simulated: pipeline " + id + " cannot take the model's input shape"), null);
        }
        history.add(new ModelInfo(model.name(), model.version(), model.sha256(), 1, LABELS));
        return CommandResult.ok(requestId, "model", 0, null);
    }

    @Override
    public boolean watching() {
        return false;
    }

    @Override
    public CommandResult lastRollback() {
        return null;
    }

    @Override
    public synchronized CommandResult rollback(String requestId) {
        if (history.size() < 2) {
            return CommandResult.refused(requestId, "rollback", 0, new CommandException("no_previous",
                    "no previous model to go back to"), null);
        }
        history.remove(history.size() - 1);
        return CommandResult.ok(requestId, "rollback", 0, null);
    }
}
