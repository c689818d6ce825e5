package io.edgeinfer.control.deploy;

import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineAddress;
import io.edgeinfer.control.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model commands of a device with one or more pipelines: {@code cmd/model} and
 * {@code cmd/rollback} go to the pipeline they name ({@link PipelineAddress}: the only one when the
 * command names none), whose deployment swaps, watches and rolls back its own model only.
 */
public final class Deployments {
    private final Map<String, PipelineDeployment> byId = new LinkedHashMap<>();

    /** @param all one per pipeline, in config order */
    public Deployments(List<PipelineDeployment> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a daemon runs at least one pipeline");
        }
        all.forEach(d -> byId.put(d.id(), d));
    }

    /** Every pipeline's deployment, in config order. */
    public List<PipelineDeployment> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The deployment of pipeline {@code id}, or null. */
    public PipelineDeployment get(String id) {
        return byId.get(id);
    }

    /** {@code cmd/model}. */
    public Reply deploy(CommandBody b, String requestId) throws CommandException {
        return addressed(b).deployer().deploy(b, requestId);
    }

    /** {@code cmd/rollback}. */
    public Reply rollback(CommandBody b, String requestId) throws CommandException {
        return addressed(b).deployer().rollback(b, requestId);
    }

    private PipelineDeployment addressed(CommandBody b) throws CommandException {
        return byId.get(PipelineAddress.resolve(b, ids()));
    }
}
