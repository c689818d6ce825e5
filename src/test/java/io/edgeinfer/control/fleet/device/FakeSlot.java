package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.pipeline.InferenceObserver;
import java.util.ArrayList;
import java.util.List;

/** A pipeline whose swaps and rollbacks only change which model it says it serves, and are counted. */
final class FakeSlot implements PipelineSlot {
    static final List<String> LABELS = List.of("normal", "fault");

    private final String id;
    private final List<ModelInfo> history = new ArrayList<>();
    final List<String> swaps = new ArrayList<>();
    /** A model this pipeline cannot serve: its swap is refused as cmd/model refuses a wrong input shape. */
    static final String WRONG_SHAPE = "c".repeat(64);
    int rollbacks;

    FakeSlot(String id, String servingSha) {
        this.id = id;
        history.add(new ModelInfo("m", "1", servingSha, 1, LABELS));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ModelInfo serving() {
        return history.get(history.size() - 1);
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public ModelDeployer.Checked check(ModelRequest model) throws CommandException {
        throw new CommandException("not_here", "the fake slot runs no shadow");
    }

    @Override
    public void observe(InferenceObserver o) {
    }

    @Override
    public void unobserve(InferenceObserver o) {
    }

    @Override
    public CommandResult swap(ModelRequest model, String requestId) {
        if (model.sha256().equals(WRONG_SHAPE)) {
            return CommandResult.refused(requestId, "model", 0, new CommandException("wrong_shape",
                    "the model takes [1, 3, 224, 224]; pipeline " + id + " gives [1, 256]"), null);
        }
        swaps.add(model.sha256());
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
    public CommandResult rollback(String requestId) {
        rollbacks++;
        history.remove(history.size() - 1);
        return CommandResult.ok(requestId, "rollback", 0, null);
    }
}
