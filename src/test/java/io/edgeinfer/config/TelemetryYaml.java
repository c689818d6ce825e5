package io.edgeinfer.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code telemetry} section of a minimal config, read through the loader as a file would be. */
final class TelemetryYaml {
    /** The config checks that the model file exists: the committed demo model is one. */
    private static final String BASE = """
            device_id: dev-1
            model: {path: %s, labels: [a, b, c, d]}
            """.formatted(Path.of("models/vibration_int8.pt").toAbsolutePath());

    private TelemetryYaml() {
    }

    static TelemetryConfig parse(String telemetry) throws ConfigException {
        return config(telemetry).telemetry();
    }

    /** The whole config around {@code telemetry} (for what {@code check-config} prints). */
    static DaemonConfig config(String telemetry) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(BASE + telemetry, Path.of("/etc/edgeinfer"));
    }

    /** Every error the section gives, as {@code check-config} prints them; fails when it is valid. */
    static List<String> errors(String telemetry) {
        try {
            parse(telemetry);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors for " + telemetry);
    }
}
