package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code anomaly} section of a pipeline, in both forms of the file, and a pipeline without a classifier. */
class PipelineAnomalyConfigTest {
    @TempDir
    Path dir;

    private DaemonConfig parse(String yaml) throws ConfigException {
        return ConfigFolder.parse(dir, yaml);
    }

    private List<String> errors(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors for\n" + yaml);
    }

    @Test
    void offByDefaultAndLeftOutOfTheRenderedFile() throws Exception {
        DaemonConfig c = parse("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\n");
        assertThat(c.first().anomaly().enabled()).isFalse();
        assertThat(c.first().anomaly()).isEqualTo(AnomalyConfigReader.OFF);
        assertThat(ConfigLoader.render(c)).as("no anomaly section").doesNotContainPattern("(?m)^anomaly:");
    }

    @Test
    void aSinglePipelineFileTakesItAtTheTopLevelAndRendersBackToTheSameRecord() throws Exception {
        DaemonConfig c = parse("""
                device_id: d
                model: {path: m.pt, labels: [a, b]}
                anomaly:
                  enabled: true
                  learn_windows: 400
                  persistence: {k: 2, n: 4}
                  envelope: {tones: [{name: bpfo, order: 3.58}]}
                  shaft: {hz: 25}
                  severity: {machine_group: 1, foundation: flexible}
                """);
        AnomalyConfig a = c.first().anomaly();
        assertThat(a.enabled()).isTrue();
        assertThat(a.learnWindows()).isEqualTo(400);
        assertThat(a.persistence()).isEqualTo(new AnomalyConfig.Persistence(2, 4));
        String rendered = ConfigLoader.render(c);
        assertThat(rendered).contains("anomaly:", "learn_windows: 400", "order: 3.58");
        assertThat(ConfigFolder.parse(dir, rendered)).isEqualTo(c);
    }

    @Test
    void modelIsOptionalWhenTheDetectorIsOn() throws Exception {
        DaemonConfig c = parse("device_id: d\nanomaly: {enabled: true, learn_windows: 200}\n");
        assertThat(c.first().hasModel()).isFalse();
        assertThat(c.firstModel()).isEmpty();
        assertThat(c.control().modelDir()).as("no model folder: the config's own").isEqualTo(dir);
        assertThat(ConfigFolder.parse(dir, ConfigLoader.render(c))).isEqualTo(c);
    }

    @Test
    void onChangeHomeAssistantAndSparkplugAreTakenWithoutAClassifier() throws ConfigException {
        DaemonConfig sparkplug = parse("""
                device_id: d
                anomaly: {enabled: true}
                publish: {mode: on_change}
                mqtt: {format: sparkplug, sparkplug: {group_id: g}}
                """);
        assertThat(sparkplug.first().publish().mode()).isEqualTo(PublishConfig.Mode.ON_CHANGE);
        assertThat(parse("device_id: d\nanomaly: {enabled: true}\nhomeassistant: {enabled: true}\n").homeAssistant()
                .enabled()).as("Home Assistant announces its anomaly state and alarm").isTrue();
        DaemonConfig named = parse("""
                device_id: d
                pipelines:
                  - {id: pump, model: {path: m.pt, labels: [a, b]}, publish: {mode: on_change}}
                  - {id: fan, anomaly: {enabled: true}, publish: {mode: on_change}}
                """);
        assertThat(named.pipelines().get(1).hasModel()).isFalse();
        assertThat(named.pipelines().get(1).publish().mode()).isEqualTo(PublishConfig.Mode.ON_CHANGE);
    }

    @Test
    void withoutAModelOrADetectorTheFileSaysWhatIsMissing() {
        assertThat(errors("device_id: d\n")).containsExactly("model: is required: the classifier (model.path), or "
                + "anomaly.enabled: true for a pipeline that only detects anomalies");
        assertThat(errors("device_id: d\nanomaly: {learn_windows: 200}\n")).singleElement().asString()
                .startsWith("model: is required");
    }

    @Test
    void errorsInAListedPipelineNameItsItem() {
        List<String> e = errors("""
                device_id: d
                pipelines:
                  - id: a
                    model: {path: m.pt, labels: [a, b]}
                  - id: b
                    anomaly: {enabled: true, detector: kmeans, persistence: {k: 6, n: 5}}
                """);
        assertThat(e).anySatisfy(m -> assertThat(m).startsWith("pipelines[1].anomaly.detector: "))
                .anySatisfy(m -> assertThat(m).startsWith("pipelines[1].anomaly.persistence.k: must not exceed"));
    }

    @Test
    void aFileThatListsPipelinesRefusesATopLevelAnomalySection() {
        assertThat(errors("""
                device_id: d
                anomaly: {enabled: true}
                pipelines:
                  - id: a
                    model: {path: m.pt, labels: [a, b]}
                """)).containsExactly("anomaly: belongs inside each item of 'pipelines' when the file lists pipelines");
    }

    @Test
    void imagesAreNoSampleStream() throws Exception {
        Files.createDirectories(dir.resolve("img"));
        assertThat(errors("""
                device_id: d
                model: {path: m.pt, labels: [a, b]}
                source: {type: image-dir, path: img, image: {width: 8, height: 8, resize: 8}}
                anomaly: {enabled: true}
                """)).anySatisfy(m -> assertThat(m).startsWith(
                "anomaly.enabled: anomaly detection watches sample streams"));
    }

    @Test
    void aModelLessPipelineBesideOthersNeedsNoEngineSettingsOfItsOwn() throws Exception {
        DaemonConfig c = parse("""
                device_id: d
                pipelines:
                  - id: pump
                    anomaly: {enabled: true}
                  - id: motor
                    model: {path: m.pt, labels: [a, b], threads: 2}
                """);
        assertThat(c.firstModel().orElseThrow().threads()).isEqualTo(2);
        assertThat(c.pipeline("pump").orElseThrow().model()).isNull();
    }

    @Test
    void theSimulatorRunsFasterThanRealTimeWhenAsked() throws Exception {
        DaemonConfig c = parse("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\nsource: {speed: 20}\n");
        assertThat(((SimulatedVibrationConfig) c.first().source()).speed()).isEqualTo(20);
        assertThat(errors("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\nsource: {speed: 0}\n"))
                .singleElement().asString().startsWith("source.speed: must be between 0.01 and 1000");
        assertThatThrownBy(() -> new SimulatedVibrationConfig(400, 1, List.of(), true, null, SensorMount.TOP, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
