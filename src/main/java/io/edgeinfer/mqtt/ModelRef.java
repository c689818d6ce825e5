package io.edgeinfer.mqtt;

import io.edgeinfer.model.ModelInfo;

/** The model as named in payloads. */
public record ModelRef(String name, String version, String sha256) {
    public static ModelRef of(ModelInfo m) {
        return new ModelRef(m.name(), m.version(), m.sha256());
    }
}
