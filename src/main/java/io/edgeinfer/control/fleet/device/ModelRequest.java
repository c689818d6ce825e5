package io.edgeinfer.control.fleet.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.mqtt.Json;

/**
 * A candidate as a {@code cmd/model} names it: the desired state's model, at a URL the device can
 * fetch it from (its own copy of the chunks, or the document's URL).
 */
public record ModelRequest(String name, String version, String url, String sha256, String signature, JsonNode golden) {

    static ModelRequest of(DesiredState.ModelSpec m, String url) {
        return new ModelRequest(m.name(), m.version(), url, m.sha256(), m.signature(), m.golden());
    }

    /** The fields of the equivalent {@code cmd/model} (without request id, auth and pipeline). */
    public ObjectNode body() {
        ObjectNode b = Json.mapper().createObjectNode().put("name", name).put("version", version).put("url", url)
                .put("sha256", sha256);
        if (signature != null) {
            b.put("signature", signature);
        }
        if (golden != null) {
            b.set("golden", golden);
        }
        return b;
    }
}
