package io.edgeinfer.config;

import java.util.regex.Pattern;

/** Reads the {@code homeassistant} section. */
final class HomeAssistantConfigReader {
    /** One or more topic levels, none empty, no wildcards, no white space. */
    private static final Pattern TOPIC = Pattern.compile("[^/+#\\s]+(/[^/+#\\s]+)*");

    private HomeAssistantConfigReader() {
    }

    static HomeAssistantConfig read(Section s) {
        boolean enabled = s.bool("enabled", false);
        String prefix = topic(s, "prefix", "homeassistant");
        String status = topic(s, "status_topic", "homeassistant/status");
        s.rejectUnknown();
        return new HomeAssistantConfig(enabled, prefix, status);
    }

    private static String topic(Section s, String key, String fallback) {
        String v = s.string(key, fallback);
        if (v.length() > 256 || !TOPIC.matcher(v).matches()) {
            s.error(key, "must be an MQTT topic of one or more levels separated by '/', without wildcards (+, #), "
                    + "empty levels or spaces, at most 256 characters, got '" + v + "'");
            return fallback;
        }
        return v;
    }
}
