package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated models a config change brings, by pipeline: they serve once the change is in place,
 * each in its own pipeline, or are all closed when the change is refused.
 */
final class PreparedModels implements AutoCloseable {
    private final Map<String, PreparedModel> byPipeline = new LinkedHashMap<>();

    static PreparedModels none() {
        return new PreparedModels();
    }

    static PreparedModels of(String pipeline, PreparedModel model) {
        PreparedModels m = new PreparedModels();
        m.add(pipeline, model);
        return m;
    }

    void add(String pipeline, PreparedModel model) {
        byPipeline.put(pipeline, model);
    }

    boolean has(String pipeline) {
        return byPipeline.containsKey(pipeline);
    }

    boolean isEmpty() {
        return byPipeline.isEmpty();
    }

    /** Swaps each in, once {@code next} is the running config. */
    void serve(DaemonConfig next, String requestId) {
        byPipeline.values().forEach(m -> m.serve(next, requestId));
        byPipeline.clear();
    }

    /** Frees them all: the change was refused. */
    @Override
    public void close() {
        byPipeline.values().forEach(PreparedModel::close);
        byPipeline.clear();
    }
}
