package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's manifest, {@code NAME.json} beside {@code NAME.pt} (written by the model pipeline): this
 * reads only what a swap needs, {@code labels} and {@code golden}, and does without it when absent.
 */
record Manifest(List<String> labels, JsonNode golden) {
    static final Manifest NONE = new Manifest(null, null);

    static Manifest beside(Path model) throws CommandException {
        if (model == null) {
            return NONE;
        }
        String n = model.getFileName().toString();
        Path json = model.resolveSibling((n.endsWith(".pt") ? n.substring(0, n.length() - 3) : n) + ".json");
        if (!Files.isRegularFile(json)) {
            return NONE;
        }
        JsonNode m;
        try {
            m = Json.mapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new CommandException("bad_manifest", "manifest " + json.getFileName() + " is not valid JSON: " + e.getMessage(), e);
        }
        List<String> labels = null;
        JsonNode l = m.get("labels");
        if (l != null && l.isArray() && l.size() > 0) {
            labels = new ArrayList<>();
            for (JsonNode x : l) {
                if (!x.isTextual()) {
                    throw new CommandException("bad_manifest", "manifest " + json.getFileName() + ": labels must be strings");
                }
                labels.add(x.asText());
            }
        }
        JsonNode golden = m.get("golden");
        return new Manifest(labels, golden == null || golden.isNull() ? null : golden);
    }
}
