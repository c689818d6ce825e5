package io.edgeinfer.app;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.reconfig.Components;
import java.io.IOException;
import java.util.Map;

/**
 * The parts of a running daemon that a config change restarts one at a time (from the control
 * thread): each pipeline's input (sensor stream, camera or image folder, with its windowing and
 * trigger), the telemetry reporter, the metrics endpoint.
 */
final class LiveParts implements Components {
    private final Map<String, LiveInput> inputs;
    private final LiveTelemetry telemetry;

    /** @param inputs each pipeline's input, by pipeline id */
    LiveParts(Map<String, LiveInput> inputs, LiveTelemetry telemetry) {
        this.inputs = Map.copyOf(inputs);
        this.telemetry = telemetry;
    }

    @Override
    public void restartSource(PipelineSpec next) {
        LiveInput input = inputs.get(next.id());
        if (input == null) {
            throw new IllegalArgumentException("no running pipeline '" + next.id() + "'");
        }
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
