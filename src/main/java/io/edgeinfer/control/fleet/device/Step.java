package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.DeviceReport.State;

/**
 * Where a job got to with its revision: the report's state and figures, and an answer to publish on
 * {@code cmd/result} (a swap or rollback the rollout made), if one was made in this step.
 */
record Step(State state, String code, String reason, DeviceReport.ShadowFigures shadow, DeviceReport.ServeFigures serve,
        CommandResult answer, String gate) {

    static Step of(State state) {
        return new Step(state, null, null, null, null, null, null);
    }

    static Step failed(State state, String code, String reason) {
        return new Step(state, code, reason, null, null, null, null);
    }

    Step withReason(String r) {
        return new Step(state, code, r, shadow, serve, answer, gate);
    }

    Step withAnswer(CommandResult a) {
        return new Step(state, code, reason, shadow, serve, a, gate);
    }
}
