package io.edgeinfer.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.edgeinfer.anomaly.AnomalyStatus;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.outbox.OutboxStats;
import java.util.List;

/**
 * Payload of the retained {@code status} topic: {@code online} on every connect, {@code offline} as
 * last will and on clean shutdown (docs/mqtt-api.md). {@code health} is {@code ok} or {@code
 * degraded} (an input is not delivering; {@code reason} says why) and is republished on change, as
 * is the outbox's mode. {@code pipelines} has one entry per pipeline; the top-level {@code model} is
 * the first pipeline's and {@code health} is degraded while any pipeline is (MQTT API v1 fields).
 */
public record StatusMessage(
        String state,
        String bootId,
        String version,
        String deviceId,
        long tsMs,
        ModelRef model,
        String health,
        String reason,
        @JsonUnwrapped Outbox outbox,
        List<Pipeline> pipelines) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    /** A status with nothing wrong. */
    public StatusMessage(String state, String bootId, String version, String deviceId, long tsMs, ModelRef model) {
        this(state, bootId, version, deviceId, tsMs, model, "ok", null, Outbox.of(null),
                List.of(new Pipeline(PipelineSpec.DEFAULT_ID, model, "ok", null)));
    }

    /**
     * One pipeline: the model serving it and the health of its input and model; {@code capture} only
     * while the pipeline captures (whether it can write its items, and why not); {@code anomaly}, its
     * anomaly stage's state (absent when it runs none).
     */
    public record Pipeline(String id, ModelRef model, String health, String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) CaptureFigures.State capture,
            @JsonInclude(JsonInclude.Include.NON_NULL) AnomalyStatus anomaly,
            @JsonInclude(JsonInclude.Include.NON_NULL) String classifier) {
        /** {@code classifier}'s value for a pipeline without one: its {@code model} is then null. */
        public static final String NO_CLASSIFIER = "none";

        /** A pipeline's entry, {@code classifier: none} when {@code model} is null (anomaly detection only). */
        public Pipeline(String id, ModelRef model, String health, String reason, CaptureFigures.State capture,
                AnomalyStatus anomaly) {
            this(id, model, health, reason, capture, anomaly, model == null ? NO_CLASSIFIER : null);
        }

        /** A pipeline that captures nothing and runs no anomaly stage. */
        public Pipeline(String id, ModelRef model, String health, String reason) {
            this(id, model, health, reason, null, null);
        }

        /** A pipeline that runs no anomaly stage. */
        public Pipeline(String id, ModelRef model, String health, String reason, CaptureFigures.State capture) {
            this(id, model, health, reason, capture, null);
        }
    }

    /**
     * @param outboxMode {@code durable} or {@code memory} (lost if the process stops); absent without an outbox
     * @param outboxModeReason why it is {@code memory}; absent when durable
     * @param outboxRecovery present only when start-up found a damaged outbox and says what it recovered
     */
    public record Outbox(
            @JsonInclude(JsonInclude.Include.NON_NULL) String outboxMode,
            @JsonInclude(JsonInclude.Include.NON_NULL) String outboxModeReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) OutboxStats.Recovery outboxRecovery) {

        /** @param stats the outbox's, or null before it is open */
        public static Outbox of(OutboxStats stats) {
            return stats == null
                    ? new Outbox(null, null, null)
                    : new Outbox(stats.mode(), stats.modeReason(), stats.recovery());
        }
    }
}
