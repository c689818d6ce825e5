package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.cli.Main;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.mqtt.homeassistant.HomeAssistantRules;
import io.edgeinfer.mqtt.homeassistant.ValueTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Home Assistant MQTT discovery against a real broker: the retained configs are what Home Assistant's
 * MQTT integration requires, the state topics they name carry values their templates extract, Home
 * Assistant coming online gets them again, and decommissioning a stopped board leaves nothing retained.
 */
class HomeAssistantIT {
    private static final Path MODEL = Path.of("models/vibration_int8.pt").toAbsolutePath();
    private static final String CONFIGS = "homeassistant/+/+/+/config";

    @RegisterExtension
    final LiveBroker live = new LiveBroker("#");

    @TempDir
    Path dir;

    private final HomeAssistantRules rules = new HomeAssistantRules();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Daemon daemon;

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private String yaml(String device) {
        return """
                device_id: %s
                pipelines:
                  - id: motor-a
                    model: {path: %s, name: vibration-mlp, version: "1.0.0", labels: [normal, imbalance, misalignment, bearing_fault]}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 1}
                    window: {size: 256, hop: 64}
                  - id: motor-b
                    model: {path: %s, name: vibration-mlp, version: "1.0.0", labels: [normal, imbalance, misalignment, bearing_fault]}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 2}
                    window: {size: 256, hop: 64}
                    publish: {mode: batch, max_batch: 5, linger_ms: 500}
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                telemetry: {interval_s: 0.5, power: estimate, idle_w: 2.7, full_w: 6.4}
                homeassistant: {enabled: true}
                """.formatted(device, MODEL, MODEL, live.url(), dir.resolve(device + "-outbox.db"));
    }

    private void start(String yaml) throws Exception {
        daemon = Daemon.start(TestConfigs.parse(yaml), Clock.systemUTC());
    }

    /** The last message on each discovery config topic, as the probe saw them. */
    private Map<String, JsonNode> configs(MqttProbe probe) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (MqttProbe.Received r : probe.all()) {
            if (HomeAssistantRules.component("homeassistant", r.topic()) != null) {
                out.put(r.topic(), r.json());
            }
        }
        return out;
    }

    private JsonNode last(String topic) {
        List<JsonNode> all = live.probe().on(topic);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    @Test
    void theConfigsAreWhatHomeAssistantRequiresAndTheirStateTopicsCarryTheValues() throws Exception {
        start(yaml("ha-1"));
        await().atMost(Duration.ofSeconds(40)).until(() -> configs(live.probe()).size() == 11
                && last("edgeinfer/ha-1/telemetry") != null && last(
                        "edgeinfer/ha-1/pipelines/motor-b/predictions") != null
                && last("edgeinfer/ha-1/pipelines/motor-a/predictions") != null);
        // A subscriber that comes later gets them from the broker: they are retained.
        MqttProbe late = new MqttProbe(live.url(), CONFIGS);
        open.add(late);
        // (Moquette 0.17 hands retained messages to a new subscriber without the retain flag, so the
        // proof is that they arrive at all: nothing publishes them again meanwhile.)
        await().atMost(Duration.ofSeconds(10)).until(() -> configs(late).size() == 11);

        Map<String, String> values = eachReadsItsStateTopic(late);
        assertThat(values.get("edgeinfer_ha-1_motor-a_model_version")).isEqualTo("1.0.0");
        assertThat(values.get("edgeinfer_ha-1_health")).isEqualTo("ok");
        // Telemetry divides the meter's energy by its own interval, timed apart from the meter's
        // readings: on a loaded machine at full CPU that lands a little above full_w (6.405 seen).
        assertThat(Double.parseDouble(values.get("edgeinfer_ha-1_power"))).as("the estimate meter's watts")
                .isBetween(2.7 * 0.9, 6.4 * 1.1);
        assertThat(Double.parseDouble(values.get("edgeinfer_ha-1_motor-b_score"))).isBetween(0.0, 1.0);
    }

    @Test
    void homeAssistantComingOnlineGetsEveryConfigAgain() throws Exception {
        start(yaml("ha-2"));
        await().atMost(Duration.ofSeconds(40)).until(() -> countConfigs() == 11);
        MqttClient ha = new MqttClient(live.url(), "home-assistant", new MemoryPersistence());
        ha.connect();
        open.add(ha::disconnect);
        ha.publish("homeassistant/status", "online".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> countConfigs() == 22);
    }

    /**
     * Checks every config {@code probe} saw as Home Assistant would take it, and renders its template on the last
     * message of its state topic; returns the values by unique_id.
     */
    private Map<String, String> eachReadsItsStateTopic(MqttProbe probe) {
        Set<String> uniqueIds = new HashSet<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : configs(probe).entrySet()) {
            String component = HomeAssistantRules.component("homeassistant", e.getKey());
            JsonNode c = e.getValue();
            assertThat(rules.violations(component, c)).as(e.getKey()).isEmpty();
            assertThat(uniqueIds.add(c.get("unique_id").asText())).as("unique_id of %s", e.getKey()).isTrue();
            JsonNode state = last(c.get("state_topic").asText());
            assertThat(state).as("a message on %s", c.get("state_topic")).isNotNull();
            String value = ValueTemplate.render(c.get("value_template").asText(), state);
            values.put(c.get("unique_id").asText(), value);
            if (component.equals("binary_sensor")) {
                assertThat(value).as(e.getKey()).isIn(c.get("payload_on").asText(), c.get("payload_off").asText());
            } else if (c.has("options")) {
                assertThat(value).as(e.getKey()).isIn(texts(c.get("options")));
            } else if (c.has("state_class") && !value.equals("None")) {
                assertThat(Double.parseDouble(value)).as(e.getKey()).isFinite();
            }
            JsonNode status = last(c.get("availability_topic").asText());
            assertThat(ValueTemplate.render(c.get("availability_template").asText(), status))
                    .isEqualTo(c.get("payload_available").asText());
        }
        return values;
    }

    @Test
    void aPipelineWithoutAClassifierIsAnnouncedByItsAnomalyStateAndAlarmAndReportsOnChange() throws Exception {
        start("""
                device_id: ha-4
                pipelines:
                  - id: fan
                    source: {type: simulated-vibration, rate_hz: 400, seed: 3}
                    window: {size: 256, hop: 64}
                    anomaly: {enabled: true, learn_windows: 200}
                    publish: {mode: on_change, heartbeat_s: 1}
                  - id: pump
                    model: {path: %s, name: vibration-mlp, version: "1.0.0", labels: [normal, imbalance, misalignment, bearing_fault]}
                    source: {type: simulated-vibration, rate_hz: 400, seed: 4}
                    window: {size: 256, hop: 64}
                    anomaly: {enabled: true, learn_windows: 200}
                    publish: {mode: batch, max_batch: 5, linger_ms: 500}
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                telemetry: {interval_s: 0.5, power: estimate, idle_w: 2.7, full_w: 6.4}
                homeassistant: {enabled: true}
                """.formatted(MODEL, live.url(), dir.resolve("ha-4-outbox.db")));
        // fan: anomaly, alarm, health; pump: label, score, model version, anomaly, alarm, health; the board's 3.
        await().atMost(Duration.ofSeconds(40)).until(() -> configs(live.probe()).size() == 12
                && last("edgeinfer/ha-4/telemetry") != null
                && last("edgeinfer/ha-4/pipelines/fan/predictions") != null
                && last("edgeinfer/ha-4/pipelines/pump/predictions") != null);
        Map<String, String> values = eachReadsItsStateTopic(live.probe());
        assertThat(values).containsKeys("edgeinfer_ha-4_fan_anomaly", "edgeinfer_ha-4_fan_anomaly_alarm",
                "edgeinfer_ha-4_pump_label", "edgeinfer_ha-4_pump_anomaly").doesNotContainKeys(
                        "edgeinfer_ha-4_fan_label", "edgeinfer_ha-4_fan_model_version");
        assertThat(values.get("edgeinfer_ha-4_fan_anomaly")).as("200 windows to learn").isEqualTo("learning");
        assertThat(values.get("edgeinfer_ha-4_fan_anomaly_alarm")).isEqualTo("False");
        // Reported by exception: while it learns, a heartbeat a second counts the windows held back.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.probe().on("edgeinfer/ha-4/pipelines/fan/predictions")
                .stream().anyMatch(m -> m.path("suppressed").asLong() > 0));
    }

    private long countConfigs() {
        return live.probe().all().stream().filter(r -> HomeAssistantRules.component("homeassistant", r.topic()) != null)
                .count();
    }

    @Test
    void decommissionClearsEveryConfigAndTheStatusOfAStoppedBoardOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("ha-3.yaml"), yaml("ha-3"));
        start(Files.readString(file));
        await().atMost(Duration.ofSeconds(40)).until(() -> countConfigs() == 11);
        assertThat(Main.execute("decommission", "--config", file.toString())).as("refused while online").isEqualTo(1);
        assertThat(retained("#")).as("nothing cleared").anyMatch(t -> t.startsWith("homeassistant/"));

        // A board that stays up without Home Assistant: its configs go, its status stays.
        assertThat(Main.execute("decommission", "--config", file.toString(), "--keep-status")).isZero();
        assertThat(retained("#")).containsExactly("edgeinfer/ha-3/status");

        daemon.close();
        daemon = null;
        assertThat(Main.execute("decommission", "--config", file.toString())).isZero();
        assertThat(retained("#")).as("nothing retained: no entity, no status").isEmpty();
        // Home Assistant saw an empty retained config for every entity (twice: both runs), and the status cleared.
        assertThat(live.probe().all().stream().filter(r -> r.json().isMissingNode()).map(MqttProbe.Received::topic))
                .hasSize(23).filteredOn(t -> !t.startsWith("homeassistant/")).containsExactly("edgeinfer/ha-3/status");
    }

    /** The topics a new subscriber to {@code filter} is handed at once: what the broker retains. */
    private List<String> retained(String filter) throws Exception {
        try (MqttProbe probe = new MqttProbe(live.url(), filter)) {
            // The broker hands retained messages over right after the subscription, so a message
            // published after it arrives after them: when it is there, so is everything retained.
            String marker = "test/marker/" + UUID.randomUUID();
            MqttClient c = new MqttClient(live.url(), "marker-" + UUID.randomUUID(), new MemoryPersistence());
            c.connect();
            c.publish(marker, "{}".getBytes(), 1, false);
            c.disconnect();
            c.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on(marker).isEmpty());
            return probe.all().stream().map(MqttProbe.Received::topic)
                    .filter(t -> t.startsWith("homeassistant/") || t.endsWith("/status")).distinct().sorted().toList();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
