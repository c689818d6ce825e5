package io.edgeinfer.mqtt;

/**
 * Payload of the retained {@code status} topic: {@code online} on every connect, {@code offline} as
 * last will and on clean shutdown (docs/mqtt-api.md). {@code health} is {@code ok} or {@code
 * degraded} (an input is not delivering; {@code reason} says why) and is republished on change.
 */
public record StatusMessage(String state, String bootId, String version, String deviceId, long tsMs, ModelRef model,
        String health, String reason) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    /** A status with nothing wrong. */
    public StatusMessage(String state, String bootId, String version, String deviceId, long tsMs, ModelRef model) {
        this(state, bootId, version, deviceId, tsMs, model, "ok", null);
    }
}
