package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandException;

/**
 * Loads and checks the model a changed config names for one pipeline, before anything else of the
 * change is applied (implemented by that pipeline's model deployment: the same validation as a
 * pushed model, no fetch).
 */
@FunctionalInterface
public interface ModelChange {
    /**
     * @param config the changed config (its shared sections: validation limits, rollback)
     * @param next the pipeline in it whose model is to be loaded
     */
    PreparedModel prepare(DaemonConfig config, PipelineSpec next) throws CommandException;
}
