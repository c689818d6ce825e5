package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.SharedModels;
import java.util.Map;

/** A config's models loaded and checked the way {@link Daemon#start} does, without starting anything. */
public final class ModelCheck {
    private ModelCheck() {
    }

    /** The first pipeline's model (it has one). Caller closes the runner. */
    public static ModelRunner first(DaemonConfig config) throws ConfigException {
        return Pipelines.loadModel(config.first(), new SharedModels(), "", ModelLoading.start(config.first().model()));
    }

    /**
     * Every pipeline's classifier by pipeline id; a pipeline without one (anomaly detection only)
     * has no entry. Caller closes the runners.
     */
    public static Map<String, ModelRunner> all(DaemonConfig config) throws ConfigException {
        return BootModel.loadHere(config, new SharedModels(), StartupTimeline.sinceJvmStart()).runners();
    }
}
