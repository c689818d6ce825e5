package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;
import java.util.List;

/** Where samples come from; {@code source.type} picks the implementation and its own keys. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = SimulatedVibrationConfig.class, name = SimulatedVibrationConfig.TYPE),
        @JsonSubTypes.Type(value = Adxl345Config.class, name = Adxl345Config.TYPE),
        @JsonSubTypes.Type(value = Mpu6050Config.class, name = Mpu6050Config.TYPE),
        @JsonSubTypes.Type(value = Mcp3008Config.class, name = Mcp3008Config.TYPE),
        @JsonSubTypes.Type(value = CsvReplayConfig.class, name = CsvReplayConfig.TYPE),
        @JsonSubTypes.Type(value = CameraConfig.class, name = CameraConfig.TYPE),
        @JsonSubTypes.Type(value = ImageDirConfig.class, name = ImageDirConfig.TYPE)})
public sealed interface SourceConfig permits SimulatedVibrationConfig, Adxl345Config, Mpu6050Config, Mcp3008Config,
        CsvReplayConfig, CameraConfig, ImageDirConfig {
    /** Samples per second per channel. */
    double rateHz();

    /** Values per sample (axes or ADC channels). */
    int channels();

    /**
     * The device files this source opens (e.g. {@code /dev/i2c-1}, {@code /dev/spidev0.0},
     * {@code /dev/gpiochip0}, {@code /dev/video0}): what the service user needs access to.
     */
    default List<Path> deviceNodes() {
        return List.of();
    }

    /**
     * The model input per window without the batch dimension: {@code [channels, window.size]} for
     * sample streams, {@code [3, height, width]} for images.
     */
    default int[] inputDims(WindowConfig window) {
        return new int[]{channels(), window.size()};
    }

    /** The GPIO input that gates or triggers this source ({@code source.trigger}), or null. */
    default GpioTriggerConfig trigger() {
        return null;
    }

    /** The config keys {@link #inputDims} comes from, for error messages. */
    default String inputDimsFrom() {
        return "source channels x window.size";
    }
}
