package io.edgeinfer.anomaly;

import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.config.Mpu6050Config;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.config.WindowConfig;

/**
 * What the anomaly stage needs to know about the sample stream it watches.
 *
 * @param sourceType the source's config type ({@code adxl345}, {@code csv-replay}, ...)
 * @param rateHz samples per second per channel
 * @param channels channel names and units
 * @param size samples per window
 * @param hop samples between window starts
 */
public record StreamShape(String sourceType, double rateHz, ChannelUnits channels, int size, int hop) {
    public StreamShape {
        if (!(rateHz > 0) || size < 8 || hop < 1) {
            throw new IllegalArgumentException("need rate > 0, size >= 8, hop >= 1");
        }
    }

    /** The shape of a configured sample stream. */
    public static StreamShape of(SourceConfig source, WindowConfig window) {
        return new StreamShape(type(source), source.rateHz(), ChannelUnits.of(source), window.size(), window.hop());
    }

    /** Windows the stream makes per second. */
    public double windowsPerSecond() {
        return rateHz / hop;
    }

    private static String type(SourceConfig source) {
        if (source instanceof SimulatedVibrationConfig) {
            return SimulatedVibrationConfig.TYPE;
        }
        if (source instanceof Adxl345Config) {
            return Adxl345Config.TYPE;
        }
        if (source instanceof Mpu6050Config) {
            return Mpu6050Config.TYPE;
        }
        if (source instanceof Mcp3008Config) {
            return Mcp3008Config.TYPE;
        }
        return source instanceof CsvReplayConfig ? CsvReplayConfig.TYPE : source.getClass().getSimpleName();
    }
}
