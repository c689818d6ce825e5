package io.edgeinfer.config;

import java.util.Map;

/**
 * Home Assistant MQTT discovery (docs/homeassistant.md): the board announces itself as one device
 * whose entities read the daemon's own topics.
 *
 * @param enabled announce the device (retained discovery configs) on every connection, and again
 *     when Home Assistant comes online
 * @param prefix Home Assistant's discovery prefix: configs go to {@code prefix/component/node/object/config}
 * @param statusTopic where Home Assistant announces itself ({@code online}): its birth message topic
 */
public record HomeAssistantConfig(boolean enabled, String prefix, String statusTopic) {

    /** Discovery off, every key at its default (code that builds a config without a file). */
    public static HomeAssistantConfig off() {
        return Defaults.read("homeassistant", Map.of(), HomeAssistantConfigReader::read);
    }
}
