package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each pipeline's sections are in the config file's tree, and how a merge patch reaches them.
 * A single-pipeline file has them at its top level; a file that lists {@code pipelines:} has them in
 * the pipeline's item of that list. A patch addressed to a pipeline merges into that mapping. A patch
 * of the whole file merges into the top level, as RFC 7396 says, so one that sets {@code pipelines}
 * replaces the list whole; only a pipeline's sections written at the top of a patch for a file that
 * lists pipelines (where they have no place) go to the only pipeline, or are refused when there are
 * several.
 */
final class PipelineTree {
    /** The sections each pipeline has of its own. */
    static final Set<String> SECTIONS = Set.of("model", "source", "window", "pipeline", "publish", "capture");
    private static final String PIPELINES = "pipelines";

    private PipelineTree() {
    }

    /**
     * How a pipeline's keys are named in answers and refusals: {@code pipelines[ID].} in a file that
     * lists pipelines; nothing in a single-pipeline file, whose keys keep the names they always had.
     */
    static String key(DaemonConfig config, String id) {
        return config.named() ? PIPELINES + "[" + id + "]." : "";
    }

    /** {@code tree} with {@code patch} merged into the mapping of pipeline {@code id}. */
    static JsonNode patchPipeline(JsonNode tree, boolean named, String id, JsonNode patch) throws CommandException {
        if (!named) {
            return MergePatch.apply(tree, patch);
        }
        JsonNode idInPatch = patch.get("id");
        if (idInPatch != null && !id.equals(idInPatch.asText(null))) {
            throw new CommandException("bad_request", "a pipeline's id changes only in the config file on the device");
        }
        ObjectNode out = ((ObjectNode) tree).deepCopy();
        ArrayNode list = out.get(PIPELINES) instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < list.size(); i++) {
            if (id.equals(list.get(i).path("id").asText(null))) {
                list.set(i, MergePatch.apply(list.get(i), patch));
                return out;
            }
        }
        throw new CommandException("unknown_pipeline", "the config file lists no pipeline '" + id + "'");
    }

    /** {@code tree} with {@code patch} of the whole file merged in, as the class comment says. */
    static JsonNode patchFile(JsonNode tree, DaemonConfig running, JsonNode patch) throws CommandException {
        ObjectNode sections = JsonNodeFactory.instance.objectNode();
        ObjectNode rest = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            (SECTIONS.contains(e.getKey()) ? sections : rest).set(e.getKey(), e.getValue());
        }
        if (!running.named() || sections.isEmpty()) {
            return MergePatch.apply(tree, patch);
        }
        List<String> ids = running.pipelines().stream().map(PipelineSpec::id).toList();
        if (ids.size() > 1) {
            throw PipelineAddress.required(ids);
        }
        if (rest.has(PIPELINES)) {
            throw new CommandException("bad_request",
                    "a patch that sets 'pipelines' carries each pipeline's sections in "
                            + "its item, not beside it");
        }
        return patchPipeline(MergePatch.apply(tree, rest), true, ids.get(0), sections);
    }
}
