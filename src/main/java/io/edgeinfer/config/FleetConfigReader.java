package io.edgeinfer.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code fleet} section (docs/configuration.md). */
final class FleetConfigReader {
    private FleetConfigReader() {
    }

    static FleetConfig read(Section s) {
        FleetConfig d = FleetConfig.defaults();
        boolean enabled = s.bool("enabled", d.enabled());
        List<String> groups = s.stringList("groups", d.groups());
        Set<String> seen = new HashSet<>();
        for (String g : groups) {
            if (!ConfigReader.TOPIC_SAFE.matcher(g).matches()) {
                s.error("groups", "'" + g + "' is not a group name: 1-64 characters of letters, digits, '_', '.', '-', "
                        + "starting with a letter or digit (it is a topic level)");
            } else if (!seen.add(g)) {
                s.error("groups", "names '" + g + "' twice");
            }
        }
        int queue = s.integer("shadow_queue", d.shadowQueue(), 1, 4096);
        s.rejectUnknown();
        return new FleetConfig(enabled, groups, queue);
    }
}
