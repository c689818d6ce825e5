package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.SharedModels;
import java.util.List;

/** A config's models loaded and checked the way {@link Daemon#start} does, without starting anything. */
public final class ModelCheck {
    private ModelCheck() {
    }

    /** The first pipeline's model. Caller closes the runner. */
    public static ModelRunner first(DaemonConfig config) throws ConfigException {
        Pipelines.requireModels(config);
        return Pipelines.loadModel(config.first(), new SharedModels(), "", ModelLoading.start(config.first().model()));
    }

    /** Every pipeline's model. Caller closes the runners. */
    public static List<ModelRunner> all(DaemonConfig config) throws ConfigException {
        return BootModel.loadHere(config, new SharedModels(), StartupTimeline.sinceJvmStart()).runners();
    }
}
