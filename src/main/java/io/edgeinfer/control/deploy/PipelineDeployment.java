package io.edgeinfer.control.deploy;

import io.edgeinfer.control.PipelineHandle;

/**
 * One pipeline's model deployment as remote control keeps it: the pipeline, the deployer that swaps
 * and rolls back its model (with its own history and health watch), and the monitor that judges
 * whatever model serves there.
 */
public record PipelineDeployment(PipelineHandle pipeline, ModelDeployer deployer, ServingMonitor monitor) {
    public String id() {
        return pipeline.id();
    }
}
