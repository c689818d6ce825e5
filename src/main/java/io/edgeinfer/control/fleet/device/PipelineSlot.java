package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.pipeline.InferenceObserver;
import java.util.List;

/**
 * One pipeline's model, as a rollout acts on it: the daemon's deployment ({@link DeployedSlot}: the
 * verified hot-swap, health watch and rollback of control/deploy), or a simulated device's. Called
 * on the agent's thread (the daemon's control thread) only.
 */
public interface PipelineSlot {

    String id();

    /** The model serving now. */
    ModelInfo serving();

    /** The labels the pipeline is configured with. */
    List<String> labels();

    /**
     * Fetches, verifies and validates the model as {@code cmd/model} would, without serving it.
     *
     * @return the loaded candidate (the caller closes its runner) and what validation measured
     * @throws CommandException refused as {@code cmd/model} refuses (the codes of docs/mqtt-api.md)
     */
    ModelDeployer.Checked check(ModelRequest model) throws CommandException;

    /** Adds an observer to the pipeline's inference loop. */
    void observe(InferenceObserver o);

    void unobserve(InferenceObserver o);

    /** {@code cmd/model}: swapped in and watched, or refused with the serving model untouched. */
    CommandResult swap(ModelRequest model, String requestId);

    /** A swapped-in model is being watched (and may still be rolled back). */
    boolean watching();

    /** The last rollback's answer (automatic or not), or null. */
    CommandResult lastRollback();

    /** {@code cmd/rollback}: the previous version serves again, or refused. */
    CommandResult rollback(String requestId);
}
