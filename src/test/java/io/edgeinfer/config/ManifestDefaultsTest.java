package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ModelCheck;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.ModelRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest beside the model supplies model.labels and window.size; the config can override both. */
class ManifestDefaultsTest {
    @TempDir
    Path dir;

    private DaemonConfig parse(String yaml) throws ConfigException {
        return ConfigFolder.parse(dir, yaml);
    }

    private List<String> errorPaths(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.errors().stream().map(x -> x.path() + ": " + x.message()).toList();
        }
        throw new AssertionError("expected a ConfigException");
    }

    private void manifest(String json) throws Exception {
        Files.writeString(dir.resolve("m.json"), json);
    }

    @Test
    void labelsAndWindowSizeComeFromTheManifestWhenTheConfigLeavesThemOut() throws Exception {
        manifest("{\"labels\": [\"ok\", \"worn\"], \"input\": {\"shape\": [1, 3, 64]}}");
        DaemonConfig c = parse("device_id: d\nmodel: {path: m.pt}\n");
        assertThat(c.first().model().labels()).containsExactly("ok", "worn");
        assertThat(c.first().window().size()).isEqualTo(64);
        assertThat(c.first().window().hop()).as("half a window below 256, never more than it").isEqualTo(32);
    }

    @Test
    void theConfigOverridesTheManifest() throws Exception {
        manifest("{\"labels\": [\"ok\", \"worn\"], \"input\": {\"shape\": [1, 3, 64]}}");
        DaemonConfig c = parse("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\nwindow: {size: 128}\n");
        assertThat(c.first().model().labels()).containsExactly("a", "b");
        assertThat(c.first().window()).isEqualTo(new WindowConfig(128, 128));
    }

    @Test
    void withNeitherLabelsNorManifestTheErrorStillNamesModelLabels() {
        assertThat(errorPaths("device_id: d\nmodel: {path: m.pt}\n"))
                .containsExactly("model.labels: is required: one label per model output, in output order"
                        + " (or a manifest m.json beside the model that lists them)");
    }

    @Test
    void aManifestThatCannotBeUsedIsAConfigErrorOnModelPath() throws Exception {
        manifest("{\"labels\": 3}");
        assertThat(errorPaths("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\n"))
                .singleElement().asString().startsWith("model.path: manifest ").contains("m.json: 'labels'");
        manifest("{\"labels\": [\"a\", \"b\"], \"input\": {\"shape\": [1, 1, 32, 32]}}");
        assertThat(errorPaths("device_id: d\nmodel: {path: m.pt}\n")).singleElement().asString()
                .isEqualTo(
                        "model.path: the manifest's input shape [1, 1, 32, 32] is not a sensor window [1, channels, window.size]");
        manifest("{\"labels\": [\"a\", \"b\"], \"input\": {\"shape\": [1, 2, 256]}}");
        assertThat(errorPaths("device_id: d\nmodel: {path: m.pt}\n")).singleElement().asString()
                .isEqualTo("model.path: the manifest's input shape [1, 2, 256] takes 2 channel(s); the source gives 3");
    }

    @Test
    void theDemoModelRunsWithoutLabelsInTheConfig() throws Exception {
        Path model = Path.of("models/vibration_int8.pt").toAbsolutePath();
        DaemonConfig c = new ConfigLoader(Map.of()).parse("device_id: d\nmodel: {path: " + model + "}\n", dir);
        assertThat(c.first().model().labels()).containsExactly("normal", "imbalance", "misalignment", "bearing_fault");
        assertThat(c.first().window().size()).isEqualTo(256);
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
        try (ModelRunner m = ModelCheck.first(c)) {
            assertThat(m.info().labels()).hasSize(4);
        }
    }
}
