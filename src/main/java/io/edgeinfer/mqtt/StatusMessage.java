package io.edgeinfer.mqtt;

/**
 * Payload of the retained {@code status} topic: {@code online} on every connect, {@code offline} as
 * last will and on clean shutdown (docs/mqtt-api.md).
 */
public record StatusMessage(String state, String bootId, String version, String deviceId, long tsMs, ModelRef model) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
}
