package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandResult;
import io.edgeinfer.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A simulated pipeline whose swaps and rollbacks are counted. */
final class FakeSlot extends SimulatedSlot {
    /** A model this pipeline cannot serve: its swap is refused as cmd/model refuses a wrong input shape. */
    static final String WRONG_SHAPE = "c".repeat(64);

    final List<String> swaps = new ArrayList<>();
    int rollbacks;

    FakeSlot(String id, String servingSha) {
        super(id, new ModelInfo("m", "1", servingSha, 1, LABELS));
        refuse(Set.of(WRONG_SHAPE));
    }

    @Override
    public synchronized CommandResult swap(ModelRequest model, String requestId) {
        CommandResult r = super.swap(model, requestId);
        if (r.ok()) {
            swaps.add(model.sha256());
        }
        return r;
    }

    @Override
    public synchronized CommandResult rollback(String requestId) {
        rollbacks++;
        return super.rollback(requestId);
    }
}
