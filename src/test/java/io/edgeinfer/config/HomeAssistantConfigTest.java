package io.edgeinfer.config;

import static io.edgeinfer.config.ConfigFolder.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code homeassistant} section. */
class HomeAssistantConfigTest {
    @TempDir
    Path dir;

    @Test
    void discoveryIsOffUntilEnabledAndUsesHomeAssistantsDefaultTopics() throws Exception {
        HomeAssistantConfig ha = ConfigFolder.parse(dir, MINIMAL).homeAssistant();
        assertThat(ha).isEqualTo(new HomeAssistantConfig(false, "homeassistant", "homeassistant/status"));
        assertThat(HomeAssistantConfig.off()).isEqualTo(ha);
        HomeAssistantConfig on = ConfigFolder.parse(dir, MINIMAL
                + "homeassistant: {enabled: true, prefix: ha/discovery}\n")
                .homeAssistant();
        assertThat(on).isEqualTo(new HomeAssistantConfig(true, "ha/discovery", "homeassistant/status"));
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        assertThat(ConfigFolder.errors(dir,
                MINIMAL + "homeassistant: {enabled: 'yes', prefix: 'ha/#', status_topic: 'a//b', node: x}\n"))
                .anySatisfy(e -> assertThat(e).startsWith("homeassistant.enabled: must be true or false"))
                .anySatisfy(e -> assertThat(e).startsWith("homeassistant.prefix: must be an MQTT topic"))
                .anySatisfy(e -> assertThat(e).startsWith("homeassistant.status_topic: must be an MQTT topic"))
                .anySatisfy(e -> assertThat(e).isEqualTo("homeassistant.node: unknown key"));
    }

    @Test
    void discoveryNeedsTheJsonTopics() {
        assertThat(ConfigFolder.errors(dir, MINIMAL + "homeassistant: {enabled: true}\nmqtt: {format: sparkplug}\n"))
                .singleElement().satisfies(e -> assertThat(e).startsWith(
                        "homeassistant.enabled: needs mqtt.format: json"));
    }

    @Test
    void theEffectiveConfigPrintsTheSectionBackAsItReads() throws Exception {
        DaemonConfig c = ConfigFolder.parse(dir, MINIMAL + "homeassistant: {enabled: true}\n");
        String yaml = ConfigLoader.render(c);
        assertThat(yaml).contains("homeassistant:", "status_topic: homeassistant/status");
        assertThat(new ConfigLoader(Map.of()).parse(yaml, dir)).isEqualTo(c);
    }
}
