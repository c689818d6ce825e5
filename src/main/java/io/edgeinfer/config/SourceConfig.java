package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where samples come from; {@code source.type} picks the implementation and its own keys. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = SimulatedVibrationConfig.class, name = SimulatedVibrationConfig.TYPE)})
public sealed interface SourceConfig permits SimulatedVibrationConfig {
    /** Samples per second per channel. */
    double rateHz();

    /** Values per sample (axes or ADC channels). */
    int channels();

    /** Device files this source opens (checked for existence and permission before start). */
    default java.util.List<java.nio.file.Path> deviceNodes() { return java.util.List.of(); }
}
