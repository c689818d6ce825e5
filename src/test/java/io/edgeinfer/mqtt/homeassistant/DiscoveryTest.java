package io.edgeinfer.mqtt.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.HomeAssistantConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Topics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The discovery configs as Home Assistant reads them, without a broker. */
class DiscoveryTest {
    private static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");
    private final HomeAssistantRules rules = new HomeAssistantRules();
    private final Topics topics = new Topics("edgeinfer", "press.7");
    private final Discovery discovery = new Discovery(new HomeAssistantConfig(true, "homeassistant",
            "homeassistant/status"),
            topics, "0.1.0");

    private Map<String, Discovery.Config> byObject(List<Discovery.Config> configs) {
        return configs.stream().collect(Collectors.toMap(Discovery.Config::objectId, Function.identity()));
    }

    @Test
    void aSinglePipelineBoardIsOneDeviceWithSixEntitiesThatHomeAssistantAccepts() {
        List<Discovery.Config> configs = discovery.configs(
                List.of(new Discovery.Pipeline("main", topics.predictions(), false, LABELS, false)), false);
        assertThat(configs).extracting(Discovery.Config::objectId)
                .containsExactly("label", "score", "model_version", "health", "power", "cpu_temperature");
        for (Discovery.Config c : configs) {
            assertThat(HomeAssistantRules.component("homeassistant", c.topic())).as(c.topic()).isEqualTo(c.component());
            assertThat(rules.violations(c.component(), c.payload())).as(c.topic()).isEmpty();
            assertThat(c.topic()).as("'.' is not allowed in a topic id").startsWith("homeassistant/" + c.component()
                    + "/edgeinfer_press_7/");
            assertThat(c.payload().get("device").get("identifiers").get(0).asText()).isEqualTo("edgeinfer_press_7");
            assertThat(c.payload().get("availability_topic").asText()).isEqualTo("edgeinfer/press.7/status");
        }
        assertThat(configs.stream().map(c -> c.payload().get("unique_id").asText()).distinct()).hasSize(configs.size());
        JsonNode label = byObject(configs).get("label").payload();
        assertThat(label.get("value_template").asText()).isEqualTo("{{ value_json.label }}");
        assertThat(label.get("options")).extracting(JsonNode::asText).containsExactlyElementsOf(LABELS);
        assertThat(label.get("default_entity_id").asText()).isEqualTo("sensor.edgeinfer_press_7_label");
        assertThat(label.get("name").asText()).isEqualTo("Label");
    }

    @Test
    void aBatchPipelineIsReadFromTheLastPredictionOfEachBatchAndEachPipelineNamesItself() throws Exception {
        List<Discovery.Config> configs = discovery.configs(List.of(
                new Discovery.Pipeline("motor-a", topics.predictions("motor-a", true), true, LABELS, false),
                new Discovery.Pipeline("motor-b", topics.predictions("motor-b", true), false, LABELS, false)), true);
        Map<String, Discovery.Config> by = byObject(configs);
        assertThat(by.keySet()).containsExactlyInAnyOrder("motor-a_label", "motor-a_score", "motor-a_model_version",
                "motor-a_health", "motor-b_label", "motor-b_score", "motor-b_model_version", "motor-b_health", "health",
                "power", "cpu_temperature");
        configs.forEach(c -> assertThat(rules.violations(c.component(), c.payload())).as(c.topic()).isEmpty());
        assertThat(by.get("motor-a_label").payload().get("name").asText()).isEqualTo("motor-a label");
        assertThat(by.get("motor-b_model_version").payload().get("value_template").asText())
                .isEqualTo("{{ value_json.pipelines[1].model.version }}");
        JsonNode batch = Json.mapper().readTree("""
                {"batch": true, "predictions": [{"label": "normal", "confidence": 0.9}, {"label": "imbalance", "confidence": 0.97}]}
                """);
        assertThat(ValueTemplate.render(by.get("motor-a_label").payload().get("value_template").asText(), batch))
                .isEqualTo("imbalance");
        assertThat(ValueTemplate.render(by.get("motor-a_score").payload().get("value_template").asText(), batch))
                .isEqualTo("0.97");
    }

    @Test
    void aPipelineWithoutAClassifierIsAnnouncedByItsAnomalyStateAndAlarmAndOneWithBothByAll() throws Exception {
        List<Discovery.Config> configs = discovery.configs(List.of(
                new Discovery.Pipeline("fan", topics.predictions("fan", true), false, List.of(), true),
                new Discovery.Pipeline("pump", topics.predictions("pump", true), true, LABELS, true)), true);
        Map<String, Discovery.Config> by = byObject(configs);
        assertThat(configs).extracting(Discovery.Config::objectId).containsExactly("fan_anomaly", "fan_anomaly_alarm",
                "fan_health", "pump_label", "pump_score", "pump_model_version", "pump_anomaly", "pump_anomaly_alarm",
                "pump_health", "health", "power", "cpu_temperature");
        configs.forEach(c -> assertThat(rules.violations(c.component(), c.payload())).as(c.topic()).isEmpty());
        JsonNode state = by.get("fan_anomaly").payload();
        assertThat(state.get("options")).extracting(JsonNode::asText).containsExactly("learning", "normal", "anomaly",
                "sensor_fault", "unscored");
        assertThat(state.get("name").asText()).isEqualTo("fan anomaly");
        // What the daemon sends: an anomaly-only message, and a batch whose newest prediction alarms.
        JsonNode only = Json.mapper().readTree("""
                {"seq": 3, "model": null, "anomaly": {"state": "learning", "above": false, "alarm": false}}
                """);
        assertThat(ValueTemplate.render(state.get("value_template").asText(), only)).isEqualTo("learning");
        JsonNode alarm = by.get("fan_anomaly_alarm").payload();
        assertThat(ValueTemplate.render(alarm.get("value_template").asText(), only))
                .isEqualTo(alarm.get("payload_off").asText());
        JsonNode batch = Json.mapper().readTree("""
                {"batch": true, "predictions": [
                  {"label": "normal", "confidence": 0.9, "anomaly": {"state": "normal", "above": false, "alarm": false}},
                  {"label": "normal", "confidence": 0.8, "anomaly": {"state": "anomaly", "above": true, "alarm": true}}]}
                """);
        assertThat(ValueTemplate.render(by.get("pump_anomaly").payload().get("value_template").asText(), batch))
                .isEqualTo("anomaly");
        JsonNode pumpAlarm = by.get("pump_anomaly_alarm").payload();
        assertThat(ValueTemplate.render(pumpAlarm.get("value_template").asText(), batch))
                .isEqualTo(pumpAlarm.get("payload_on").asText());
    }

    @Test
    void theTestsTemplateReaderRendersAsJinjaDoesAndRefusesAnythingElse() throws Exception {
        JsonNode m = Json.mapper().readTree("{\"a\": {\"b\": [1, 2.5, null]}, \"s\": \"x\"}");
        assertThat(ValueTemplate.render("{{ value_json.a.b[0] }}", m)).isEqualTo("1");
        assertThat(ValueTemplate.render("{{ value_json.a.b[-2] }}", m)).isEqualTo("2.5");
        assertThat(ValueTemplate.render("{{ value_json.a.b[2] }}", m)).isEqualTo("None");
        assertThat(ValueTemplate.render("{{ value_json.s }}", m)).isEqualTo("x");
        assertThatThrownBy(() -> ValueTemplate.render("{{ value_json.s | upper }}", m)).isInstanceOf(
                AssertionError.class);
        assertThatThrownBy(() -> ValueTemplate.render("{{ value_json.missing }}", m)).isInstanceOf(
                AssertionError.class);
    }

    @Test
    void theRulesCatchWhatHomeAssistantWouldRefuse() throws Exception {
        JsonNode good = discovery.configs(List.of(new Discovery.Pipeline("main", topics.predictions(), false, LABELS,
                false)),
                false)
                .get(0).payload();
        ObjectNode bad = good.deepCopy();
        bad.remove("state_topic");
        bad.put("state_class", "measurement");
        ((ObjectNode) bad.get("device")).remove("identifiers");
        assertThat(String.join("\n", rules.violations("sensor", bad))).contains("state_topic", "identifiers");
        assertThat(rules.violations("sensor", bad)).as("options with a state_class").hasSizeGreaterThanOrEqualTo(3);
        assertThat(HomeAssistantRules.component("homeassistant", "homeassistant/sensor/a.b/c/config")).isNull();
    }
}
