package io.edgeinfer.control.deploy;

import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineAddress;
import io.edgeinfer.control.PipelineHandle;
import io.edgeinfer.control.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model commands of a device with one or more pipelines: {@code cmd/model} and
 * {@code cmd/rollback} go to the pipeline they name ({@link PipelineAddress}: the only one when the
 * command names none), whose deployment swaps, watches and rolls back its own model only. A
 * pipeline without a classifier (anomaly detection only) has no deployment: a model command to it
 * is refused with {@code no_classifier}, since it has no serving model to validate a candidate
 * beside, nor to roll back to.
 */
public final class Deployments {
    /** {@code cmd/model} or {@code cmd/rollback} to a pipeline without a classifier. */
    public static final String NO_CLASSIFIER = "no_classifier";

    private final List<PipelineHandle> pipelines;
    private final Map<String, PipelineDeployment> byId = new LinkedHashMap<>();

    /** @param all one per pipeline, in config order (every pipeline has a classifier) */
    public Deployments(List<PipelineDeployment> all) {
        this(all.stream().map(PipelineDeployment::pipeline).toList(), all);
    }

    /**
     * @param pipelines every pipeline, in config order
     * @param deployed the deployment of each pipeline with a classifier, in config order
     */
    public Deployments(List<PipelineHandle> pipelines, List<PipelineDeployment> deployed) {
        if (pipelines.isEmpty()) {
            throw new IllegalArgumentException("a daemon runs at least one pipeline");
        }
        this.pipelines = List.copyOf(pipelines);
        deployed.forEach(d -> byId.put(d.id(), d));
    }

    /** The deployment of every pipeline with a classifier, in config order (empty when none has one). */
    public List<PipelineDeployment> all() {
        return List.copyOf(byId.values());
    }

    /** Every pipeline, deployed or not, in config order. */
    public List<PipelineHandle> pipelines() {
        return pipelines;
    }

    /** Every pipeline's id, in config order: what a command may name. */
    public List<String> ids() {
        return pipelines.stream().map(PipelineHandle::id).toList();
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
        String id = PipelineAddress.resolve(b, ids());
        PipelineDeployment d = byId.get(id);
        if (d == null) {
            throw new CommandException(NO_CLASSIFIER, "pipeline '" + id + "' has no classifier (anomaly detection "
                    + "only), so no model to replace or roll back: add one with cmd/config (its model section; "
                    + "it takes a restart) or in the config file");
        }
        return d;
    }
}
