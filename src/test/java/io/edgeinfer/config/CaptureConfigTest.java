package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code capture} section: off by default, its folder in the state folder, every refusal named. */
class CaptureConfigTest {
    private static final String BASE = "device_id: d\nmodel: {path: m.pt, labels: [a, b]}\ncontrol: {state_dir: st}\n";

    @TempDir
    Path dir;

    private List<String> errors(String yaml) {
        return ConfigFolder.errors(dir, yaml);
    }

    @Test
    void captureIsOffByDefaultWithEveryReasonOffAndItsFolderInTheStateFolder() throws Exception {
        CaptureConfig c = ConfigFolder.parse(dir, BASE).first().capture();
        assertThat(c.enabled()).isFalse();
        assertThat(c.dir()).as("no folder while off").isNull();
        assertThat(ConfigFolder.parse(dir, BASE + "capture: {enabled: true}\n").first().capture().dir())
                .isEqualTo(dir.resolve("st/capture/main"));
        assertThat(c.minConfidence()).isNull();
        assertThat(c.minMargin()).isNull();
        assertThat(c.rareLabelShare()).isNull();
        assertThat(c.sampleRate()).isZero();
        assertThat(c.maxItems()).isEqualTo(2000);
        assertThat(c.maxBytes()).isEqualTo(64L << 20);
        assertThat(c.ratePerMin()).containsOnlyKeys(CaptureConfig.REASONS).containsEntry("low_confidence", 30.0);
        assertThat(c.upload()).isNull();
    }

    @Test
    void eachPipelineOfAListCapturesIntoAFolderOfItsOwn() throws Exception {
        DaemonConfig c = ConfigFolder.parse(dir, """
                device_id: d
                control: {state_dir: st}
                pipelines:
                  - id: a
                    model: {path: m.pt, labels: [x, y]}
                    capture: {enabled: true, min_confidence: 0.8, rate_per_min: {low_confidence: 5}}
                  - id: b
                    model: {path: m.pt, labels: [x, y]}
                    capture: {enabled: true, dir: mine, sample_rate: 0.01}
                  - id: c
                    model: {path: m.pt, labels: [x, y]}
                """);
        assertThat(c.pipeline("a").orElseThrow().capture().dir()).isEqualTo(dir.resolve("st/capture/a"));
        assertThat(c.pipeline("a").orElseThrow().capture().ratePerMin()).containsEntry("low_confidence", 5.0)
                .containsEntry("sample", 30.0);
        assertThat(c.pipeline("b").orElseThrow().capture().dir()).isEqualTo(dir.resolve("mine"));
        assertThat(c.pipeline("b").orElseThrow().capture().sampleRate()).isEqualTo(0.01);
        assertThat(c.pipeline("c").orElseThrow().capture().enabled()).isFalse();
    }

    @Test
    void anUploadNeedsAnHttpsUrlAndAnExistingCaFile() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        CaptureConfig c = ConfigFolder.parse(dir, BASE
                + "capture: {enabled: true, upload: {url: 'https://h.example:8443/in/',"
                + " ca_file: ca.pem}}\n").first().capture();
        assertThat(c.upload().url()).isEqualTo(URI.create("https://h.example:8443/in"));
        assertThat(c.upload().intervalS()).isEqualTo(300);
        assertThat(c.upload().caFile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(errors(BASE + "capture: {upload: {url: 'http://h.example/in', ca_file: none.pem}}\n"))
                .containsExactly(
                        "capture.upload.url: must be an https:// URL with a host, got 'http://h.example/in'",
                        "capture.upload.ca_file: file not found: " + dir.resolve("none.pem"));
        assertThat(errors(BASE + "capture: {upload: {}}\n")).containsExactly("capture.upload.url: is required");
    }

    @Test
    void everyBadValueIsNamedAtOnceAndNothingIsClamped() {
        assertThat(errors(BASE + """
                capture:
                  enabled: yes please
                  min_confidence: 1.5
                  sample_rate: -0.1
                  max_bytes: 10
                  rate_per_min: {low_confidence: 0, typo: 3}
                  reasons: [x]
                """)).containsExactlyInAnyOrder(
                "capture.enabled: must be true or false, got 'yes please'",
                "capture.min_confidence: must be between 0.0 and 1.0, got 1.5",
                "capture.sample_rate: must be between 0.0 and 1.0, got -0.1",
                "capture.max_bytes: must be between 65536 and 1099511627776, got 10",
                "capture.rate_per_min.low_confidence: must be between 0.01 and 1000000.0, got 0.0",
                "capture.rate_per_min.typo: unknown key",
                "capture.reasons: unknown key");
    }

    @Test
    void aFileThatListsPipelinesKeepsCaptureInsideThem() {
        assertThat(errors(
                "device_id: d\ncapture: {enabled: true}\npipelines:\n  - {id: a, model: {path: m.pt, labels: [x, y]}}\n"))
                .contains("capture: belongs inside each item of 'pipelines' when the file lists pipelines");
    }

    @Test
    void theFactoryReadsTheSameDefaults() {
        CaptureConfig c = CaptureConfig.of(Map.of("enabled", true, "min_margin", 0.2));
        assertThat(c.minMargin()).isEqualTo(0.2);
        assertThat(c.queue()).isEqualTo(64);
        assertThatThrownBy(() -> CaptureConfig.of(Map.of("min_margin", 2))).hasMessageContaining("capture.min_margin");
    }

    @Test
    void theSimulatorIsMountedOnTopUnlessToldOtherwise() throws Exception {
        SimulatedVibrationConfig top = (SimulatedVibrationConfig) ConfigFolder.parse(dir, BASE).first().source();
        assertThat(top.mount()).isEqualTo(SensorMount.TOP);
        SimulatedVibrationConfig side = (SimulatedVibrationConfig) ConfigFolder.parse(dir, BASE
                + "source: {mount: side}\n")
                .first().source();
        assertThat(side.mount()).isEqualTo(SensorMount.SIDE);
        assertThat(errors(BASE + "source: {mount: upside-down}\n")).containsExactly(
                "source.mount: must be one of [side, top], got 'upside-down'");
    }
}
