package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configs for tests, as YAML so they go through the same loader as a real file. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /**
     * The demo pipeline at 400 Hz, with a short hop and short scenario steps so a test sees every
     * state within seconds.
     */
    public static String yaml(String broker, String deviceId) {
        return """
                device_id: %s
                model:
                  path: models/vibration_int8.pt
                  name: vibration-mlp
                  version: "1.0.0"
                  labels: [normal, imbalance, misalignment, bearing_fault]
                source:
                  type: simulated-vibration
                  rate_hz: 400
                  scenario:
                    - {state: normal, duration_s: 2.5}
                    - {state: imbalance, duration_s: 2.5}
                    - {state: misalignment, duration_s: 2.5}
                    - {state: bearing_fault, duration_s: 2.5}
                window: {size: 256, hop: 32}
                mqtt:
                  broker: "%s"
                  embedded: {port: 0}
                outbox: {path: "%s"}
                telemetry: {interval_s: 1}
                """.formatted(deviceId, broker, freshOutbox());
    }

    /** A new outbox file per daemon: two daemons must never share one (it is locked). */
    public static String freshOutbox() {
        try {
            return Files.createTempDirectory("edgeinfer-outbox").resolve("outbox.db").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DaemonConfig config(String broker, String deviceId) throws ConfigException {
        return parse(yaml(broker, deviceId));
    }

    public static DaemonConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(yaml, Path.of("").toAbsolutePath());
    }

    /**
     * 200 windows/s (hop 2 at 400 Hz), fast reconnects and a short keep-alive: what the delivery
     * tests throw at a broker that goes away.
     */
    public static String fastYaml(String broker, String deviceId, String outboxPath, String extraMqtt) {
        return """
                device_id: %s
                model:
                  path: models/vibration_int8.pt
                  labels: [normal, imbalance, misalignment, bearing_fault]
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 256, hop: 2}
                pipeline: {queue_capacity: 64, overflow: block}
                mqtt:
                  broker: "%s"
                  keepalive_s: 2
                  reconnect: {min_ms: 50, max_ms: 500}
                %s
                outbox: {path: "%s", commit_interval_ms: 10}
                telemetry: {interval_s: 1}
                """.formatted(deviceId, broker, extraMqtt.indent(2).stripTrailing(), outboxPath);
    }
}
