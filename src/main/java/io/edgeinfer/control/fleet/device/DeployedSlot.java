package io.edgeinfer.control.fleet.device;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.control.deploy.PipelineDeployment;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.pipeline.InferenceObserver;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * A pipeline of this daemon as a rollout acts on it: the same deployment {@code cmd/model} and
 * {@code cmd/rollback} use (fetch, sha256, Ed25519, validation, swap between two windows, config
 * file, history, health watch and automatic rollback), so a rollout swaps exactly as a pushed model.
 */
public final class DeployedSlot implements PipelineSlot {
    private final PipelineDeployment deployment;
    private final Supplier<DaemonConfig> config;
    private final Clock clock;

    public DeployedSlot(PipelineDeployment deployment, Supplier<DaemonConfig> config, Clock clock) {
        this.deployment = deployment;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String id() {
        return deployment.id();
    }

    @Override
    public ModelInfo serving() {
        return deployment.pipeline().loop().model().info();
    }

    @Override
    public List<String> labels() {
        return config.get().pipeline(id()).orElseThrow().model().labels();
    }

    @Override
    public ModelDeployer.Checked check(ModelRequest model) throws CommandException {
        return deployment.deployer().check(new CommandBody(model.body()));
    }

    @Override
    public void observe(InferenceObserver o) {
        deployment.pipeline().loop().addObserver(o);
    }

    @Override
    public void unobserve(InferenceObserver o) {
        deployment.pipeline().loop().removeObserver(o);
    }

    @Override
    public CommandResult swap(ModelRequest model, String requestId) {
        try {
            return CommandResult.ok(requestId, "model", clock.millis(),
                    deployment.deployer().deploy(new CommandBody(model.body()), requestId));
        } catch (CommandException e) {
            return CommandResult.refused(requestId, "model", clock.millis(), e, null);
        }
    }

    @Override
    public boolean watching() {
        return deployment.deployer().watching();
    }

    @Override
    public CommandResult lastRollback() {
        return deployment.deployer().lastRollback();
    }

    @Override
    public CommandResult rollback(String requestId) {
        try {
            return CommandResult.ok(requestId, "rollback", clock.millis(),
                    deployment.deployer().rollback(new CommandBody(Json.mapper().createObjectNode()), requestId));
        } catch (CommandException e) {
            return CommandResult.refused(requestId, "rollback", clock.millis(), e, null);
        }
    }
}
