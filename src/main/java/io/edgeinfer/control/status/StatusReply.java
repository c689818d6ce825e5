package io.edgeinfer.control.status;

import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.Reply;
import io.edgeinfer.mqtt.ModelRef;
import java.util.List;

/**
 * The answer to {@code cmd/status} (docs/mqtt-api.md): who the device is, its config, the serving
 * model and the versions behind it, its health, and how it takes commands.
 */
public record StatusReply(String deviceId, String bootId, String version, double uptimeS, String configSha256,
        String configFile, List<String> restartRequired, String pendingInputShape, ModelRef model, List<VersionView> versions,
        HealthView health, ControlView control) implements Reply {

    /** One model version of the history, oldest first; the newest serves. */
    public record VersionView(String name, String version, String sha256, String path, boolean onDisk, boolean serving,
            long deployedMs) {}

    /**
     * @param input {@code ok} or {@code degraded}, as on the {@code status} topic (inputs and model)
     * @param model {@code ok} or {@code degraded}: the serving model fails or falls behind
     * @param watching a swapped-in model is being watched
     * @param lastRollback the last rollback's answer, or null
     */
    public record HealthView(String input, String inputReason, String model, String modelReason, long inferencesTotal,
            long inferenceErrorsTotal, long droppedWindowsTotal, boolean watching, CommandResult lastRollback) {}

    public record ControlView(boolean signedCommands, List<String> trustedKeys, boolean allowUnsigned, int pendingTransfers) {}
}
