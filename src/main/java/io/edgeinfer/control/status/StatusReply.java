package io.edgeinfer.control.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.edgeinfer.anomaly.AnomalyStatus;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.Reply;
import io.edgeinfer.mqtt.ModelRef;
import java.util.List;

/**
 * The answer to {@code cmd/status} (docs/mqtt-api.md): who the device is, its config, every
 * pipeline's serving model, the versions behind it and its health, and how it takes commands. The
 * top-level {@code model}, {@code versions} and {@code health} are those of one pipeline, the one
 * {@code pipeline} names (the addressed one, else the first): what MQTT API v1 clients read.
 *
 * @param pipeline the pipeline the top-level model, versions and health describe
 * @param pipelines every pipeline, in config order
 */
public record StatusReply(String deviceId, String bootId, String version, double uptimeS, String configSha256,
        String configFile, List<String> restartRequired, String pendingInputShape, String pipeline, ModelRef model,
        List<VersionView> versions, HealthView health, List<PipelineView> pipelines, ControlView control)
        implements
            Reply {

    /** What {@code classifier} and {@code health.model} say of a pipeline that only detects anomalies. */
    public static final String NO_CLASSIFIER = "none";

    /** One model version of the history, oldest first; the newest serves. */
    public record VersionView(String name, String version, String sha256, String path, boolean onDisk, boolean serving,
            long deployedMs) {
    }

    /**
     * One pipeline's health.
     *
     * @param input {@code ok} or {@code degraded}: its inputs and its model, as on the {@code status} topic
     * @param model {@code ok} or {@code degraded}: its serving model fails or falls behind
     */
    public record PipelineHealth(String input, String inputReason, String model, String modelReason,
            long inferencesTotal,
            long inferenceErrorsTotal, long droppedWindowsTotal) {
    }

    /**
     * The top-level health (MQTT API v1): one pipeline's, with its watch and last rollback inside.
     *
     * @param watching a swapped-in model is being watched
     * @param lastRollback the last rollback's answer, or null
     */
    public record HealthView(@JsonUnwrapped PipelineHealth of, boolean watching, CommandResult lastRollback) {
    }

    /**
     * One pipeline: its serving model, its model history, its health, and its anomaly stage.
     *
     * @param watching a model swapped in there is being watched
     * @param lastRollback the last rollback's answer in this pipeline, or null
     * @param anomaly the anomaly stage's state as the retained {@code status} has it; absent (not null)
     *     for a pipeline without one, so replies of devices that run none keep their v1 shape
     * @param classifier {@value #NO_CLASSIFIER} for a pipeline without a classifier (its {@code model}
     *     null, no versions, {@code health.model} {@value #NO_CLASSIFIER}); absent otherwise
     */
    public record PipelineView(String id, ModelRef model, List<VersionView> versions, PipelineHealth health,
            boolean watching, CommandResult lastRollback,
            @JsonInclude(JsonInclude.Include.NON_NULL) AnomalyStatus anomaly,
            @JsonInclude(JsonInclude.Include.NON_NULL) String classifier) {
    }

    public record ControlView(boolean signedCommands, List<String> trustedKeys, boolean allowUnsigned,
            int pendingTransfers) {
    }
}
