package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture on a pipeline without a classifier: the anomaly trigger and the random sample are taken,
 * the reasons that judge a classifier's scores are refused naming each key.
 */
class CaptureWithoutClassifierConfigTest {
    @TempDir
    Path dir;

    private List<String> errors(String yaml) {
        try {
            ConfigFolder.parse(dir, yaml);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors for\n" + yaml);
    }

    @Test
    void captureWithTheRandomSampleIsTaken() throws Exception {
        DaemonConfig c = ConfigFolder.parse(dir, """
                device_id: d
                anomaly: {enabled: true}
                capture: {enabled: true, sample_rate: 0.01, rate_per_min: {anomaly: 12}}
                """);
        CaptureConfig capture = c.first().capture();
        assertThat(capture.enabled()).isTrue();
        assertThat(capture.sampleRate()).isEqualTo(0.01);
        assertThat(capture.ratePerMin()).containsEntry("anomaly", 12.0);
        assertThat(capture.minConfidence()).isNull();
        assertThat(ConfigFolder.parse(dir, ConfigLoader.render(c))).isEqualTo(c);
    }

    @Test
    void theReasonsThatJudgeScoresAreRefusedEachByItsKey() {
        List<String> e = errors("""
                device_id: d
                anomaly: {enabled: true}
                capture:
                  enabled: true
                  min_confidence: 0.6
                  min_margin: 0.2
                  rare_label_share: 0.02
                """);
        assertThat(e).hasSize(3);
        for (String key : List.of("min_confidence", "min_margin", "rare_label_share")) {
            assertThat(e).anySatisfy(m -> assertThat(m).startsWith("capture." + key
                    + ": judges a classifier's scores, and this pipeline has no model"));
        }
    }

    @Test
    void inAListedPipelineTheRefusalNamesItsItemAndAPipelineWithAModelKeepsEveryReason() {
        List<String> e = errors("""
                device_id: d
                pipelines:
                  - {id: pump, model: {path: m.pt, labels: [a, b]}, capture: {enabled: true, min_confidence: 0.6}}
                  - {id: fan, anomaly: {enabled: true}, capture: {enabled: true, min_margin: 0.2}}
                """);
        assertThat(e).singleElement().asString().startsWith("pipelines[1].capture.min_margin: judges a classifier's");
    }
}
