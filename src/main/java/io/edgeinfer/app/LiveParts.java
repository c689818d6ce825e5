package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.reconfig.Components;
import java.io.IOException;

/**
 * The parts of a running daemon that a config change restarts one at a time (from the control
 * thread): the pipeline's input (sensor stream, camera or image folder, with its windowing and
 * trigger), the telemetry reporter, the metrics endpoint.
 */
final class LiveParts implements Components {
    private final LiveInput input;
    private final LiveTelemetry telemetry;

    LiveParts(LiveInput input, LiveTelemetry telemetry) {
        this.input = input;
        this.telemetry = telemetry;
    }

    @Override
    public void restartSource(DaemonConfig next) {
        input.restart(next.source(), next.window());
    }

    @Override
    public void restartTelemetry(DaemonConfig next) throws ConfigException {
        telemetry.restartTelemetry(next.telemetry());
    }

    @Override
    public void restartMetrics(DaemonConfig next) throws IOException {
        telemetry.restartMetrics(next.metrics());
    }
}
