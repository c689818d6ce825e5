package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeinfer.control.Reply;
import java.util.List;

/**
 * What a config change did (the answer to {@code cmd/config}, and part of a model swap's).
 *
 * @param pipeline the pipeline the change was addressed to (or the only one); absent for a change of
 *     the whole file on a device with several pipelines
 * @param changed sections that differ; a pipeline's as {@code pipelines[ID].model} in a file that
 *     lists pipelines
 * @param restarted components restarted: model, source (a pipeline's, named as in {@code changed}), telemetry, metrics
 * @param restartRequired keys written to the file that take effect when the process restarts
 * @param configSha256 the effective config's hash after the change
 * @param pendingInputShape a written change of the model's input shape waiting for a restart; else absent
 */
public record ConfigReply(@JsonInclude(JsonInclude.Include.NON_NULL) String pipeline, List<String> changed,
        List<String> restarted, List<String> restartRequired, String configSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pendingInputShape) implements Reply {

    static ConfigReply unchanged(String pipeline, String configSha256) {
        return new ConfigReply(pipeline, List.of(), List.of(), List.of(), configSha256, null);
    }
}
