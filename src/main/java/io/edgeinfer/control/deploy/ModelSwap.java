package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineHandle;
import io.edgeinfer.control.reconfig.ModelChange;
import io.edgeinfer.control.reconfig.PreparedModel;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.pipeline.InferenceLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates models for one pipeline and swaps them in: between two of its windows, then the old
 * runner closes, its history is kept and its health watch starts (or, after a rollback, stops). Only
 * this pipeline's inference thread is touched; the others never wait for it. Serves a model change in
 * a pushed or reloaded config the same way as a pushed model. Runs on the control thread only.
 */
public final class ModelSwap implements ModelChange {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSwap.class);

    private final String id;
    private final InferenceLoop loop;
    private final ModelValidator validator;
    private final ModelStore store;
    private final HealthWatch watch;
    private final Runnable statusChanged;
    private final Clock clock;

    /** @param statusChanged republishes the retained status (it names the serving model) */
    public ModelSwap(PipelineHandle pipeline, ModelValidator validator, ModelStore store, HealthWatch watch,
            Runnable statusChanged, Clock clock) {
        this.id = pipeline.id();
        this.loop = pipeline.loop();
        this.validator = validator;
        this.store = store;
        this.watch = watch;
        this.statusChanged = statusChanged;
        this.clock = clock;
    }

    /** A model change in a pushed or reloaded config: loaded and validated like a pushed model (no fetch). */
    @Override
    public PreparedModel prepare(DaemonConfig config, PipelineSpec next) throws CommandException {
        if (!next.hasModel()) {
            // ConfigDiff stages taking the classifier away for a restart; it never comes here.
            throw new CommandException("invalid_config", "pipeline '" + next.id() + "': taking its model away "
                    + "takes a restart");
        }
        return validate(Proposal.of(next.model().path(), next.model().name(), next.model().version(), next.model()
                .labels()),
                next, config.control(), false);
    }

    /** Validates {@code p} for this pipeline as {@code spec} describes it, on its recent windows. */
    Candidate validate(Proposal p, PipelineSpec spec, ControlConfig control, boolean rollback) throws CommandException {
        return new Candidate(validator.validate(p, spec, control, loop.recentWindows()), this, rollback);
    }

    /**
     * Records the boot model as the first version, if the history does not end with it, and removes
     * what an install cut short by a stop or a crash left behind.
     */
    public void booted(DaemonConfig config) throws IOException {
        store.removeLeftovers(installedDir(config));
        store.booted(version(loop.model().info(), spec(config).model().path()), config.control().keepVersions(),
                installedDir(config));
    }

    void served(ModelValidator.Validated v, DaemonConfig next, String requestId) {
        ModelInfo now = swapIn(v.runner(), requestId);
        PipelineSpec spec = spec(next);
        try {
            store.deployed(version(now, spec.model().path()), next.control().keepVersions(), installedDir(next));
        } catch (IOException e) {
            LOG.warn("model history of pipeline {} not saved: {}", id, e.getMessage());
        }
        watch.start(now.sha256(), requestId, next.control().rollback(), spec.model().latencyBudgetMs(), v.report()
                .p99Ms());
        statusChanged.run();
    }

    void servedRollback(ModelRunner runner, DaemonConfig next, String requestId) {
        swapIn(runner, requestId);
        watch.stop();
        try {
            store.rolledBack(installedDir(next));
        } catch (IOException e) {
            LOG.warn("model history of pipeline {} not saved: {}", id, e.getMessage());
        }
        statusChanged.run();
    }

    private ModelInfo swapIn(ModelRunner runner, String requestId) {
        ModelRunner old = loop.swap(runner);
        old.close();
        ModelInfo now = runner.info();
        LOG.info("pipeline {}: model {} {} (sha256 {}) serving, replacing {} {} ({})", id, now.name(), now.version(),
                now.sha256(), old.info().name(), old.info().version(), requestId);
        return now;
    }

    /** This pipeline in {@code config}; the pipelines a daemon runs never change while it runs. */
    private PipelineSpec spec(DaemonConfig config) {
        return config.pipeline(id).orElseThrow(() -> new IllegalStateException("no pipeline " + id + " in the config"));
    }

    private static Path installedDir(DaemonConfig c) {
        return c.control().modelDir().resolve(ModelStore.INSTALLED);
    }

    private ModelStore.Version version(ModelInfo info, Path path) {
        return store.version(info.name(), info.version(), info.sha256(), path, info.labels(), clock.millis());
    }
}
