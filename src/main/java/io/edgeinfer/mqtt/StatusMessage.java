package io.edgeinfer.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeinfer.outbox.OutboxStats;

/**
 * Payload of the retained {@code status} topic: {@code online} on every connect, {@code offline} as
 * last will and on clean shutdown (docs/mqtt-api.md). {@code health} is {@code ok} or {@code
 * degraded} (an input is not delivering; {@code reason} says why) and is republished on change.
 *
 * @param outboxRecovery present only when start-up found a damaged outbox and says what it recovered
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
        @JsonInclude(JsonInclude.Include.NON_NULL) OutboxStats.Recovery outboxRecovery) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    /** A status with nothing wrong. */
    public StatusMessage(String state, String bootId, String version, String deviceId, long tsMs, ModelRef model) {
        this(state, bootId, version, deviceId, tsMs, model, "ok", null, null);
    }
}
