package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeinfer.control.Reply;
import java.util.List;

/**
 * What a config change did (the answer to {@code cmd/config}, and part of a model swap's).
 *
 * @param changed top-level sections that differ
 * @param restarted components restarted: model, source, telemetry, metrics
 * @param restartRequired keys written to the file that take effect when the process restarts
 * @param configSha256 the effective config's hash after the change
 * @param pendingInputShape a written change of the model's input shape waiting for a restart; else absent
 */
public record ConfigReply(List<String> changed, List<String> restarted, List<String> restartRequired, String configSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pendingInputShape) implements Reply {

    static ConfigReply unchanged(String configSha256) {
        return new ConfigReply(List.of(), List.of(), List.of(), configSha256, null);
    }
}
