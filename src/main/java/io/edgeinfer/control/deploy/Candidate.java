package io.edgeinfer.control.deploy;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.reconfig.PreparedModel;
import io.edgeinfer.model.ModelRunner;

/**
 * A validated model waiting for its config change: served by {@link ModelSwap} as a new version
 * (history appended, watch started), or as the target of a rollback (history trimmed, watch stopped).
 */
final class Candidate implements PreparedModel {
    private final ModelValidator.Validated validated;
    private final ModelSwap swap;
    private final boolean rollback;

    Candidate(ModelValidator.Validated validated, ModelSwap swap, boolean rollback) {
        this.validated = validated;
        this.swap = swap;
        this.rollback = rollback;
    }

    ModelRunner runner() {
        return validated.runner();
    }

    ValidationReport report() {
        return validated.report();
    }

    @Override
    public void serve(DaemonConfig next, String requestId) {
        if (rollback) {
            swap.servedRollback(validated.runner(), next, requestId);
        } else {
            swap.served(validated, next, requestId);
        }
    }

    @Override
    public void close() {
        validated.runner().close();
    }
}
