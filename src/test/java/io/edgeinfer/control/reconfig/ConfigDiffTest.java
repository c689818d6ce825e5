package io.edgeinfer.control.reconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.DaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a change needs, pipeline by pipeline. */
class ConfigDiffTest {
    @TempDir
    Path dir;

    private String shared;

    @BeforeEach
    void models() throws Exception {
        for (String m : List.of("a", "b", "c")) {
            Files.writeString(dir.resolve(m + ".pt"), m);
        }
        shared = "mqtt: {broker: \"tcp://127.0.0.1:1\"}\noutbox: {path: " + dir.resolve("o.db") + "}\n";
    }

    private DaemonConfig two(String aModel, int bRate, int bSize, String bPublish) throws Exception {
        return TestConfigs.parse("device_id: d\npipelines:\n"
                + "  - id: a\n    model: {path: " + dir.resolve(aModel) + ", labels: [x, y]}\n"
                + "  - id: b\n    model: {path: " + dir.resolve("b.pt") + ", labels: [x, y]}\n"
                + "    source: {rate_hz: " + bRate + "}\n    window: {size: " + bSize + ", hop: 8}\n"
                + "    publish: {mode: " + bPublish + "}\n" + shared);
    }

    @Test
    void eachPipelineReloadsOrRestartsWhatChangedInItAndNothingElse() throws Exception {
        ConfigDiff d = ConfigDiff.of(two("a.pt", 400, 64, "every"), two("c.pt", 800, 64, "every"));
        assertThat(d.changed()).containsExactly("pipelines[a].model", "pipelines[b].source");
        assertThat(d.pipelines()).extracting(p -> p.id() + " " + p.reloadModel() + " " + p.restartSource())
                .containsExactly("a true false", "b false true");
        assertThat(d.restarted()).containsExactly("pipelines[a].model", "pipelines[b].source");
        assertThat(d.staged()).isNull();
    }

    @Test
    void aNewInputShapeInOnePipelineIsStagedNamingItAndANewPublishModeWaitsForARestart() throws Exception {
        ConfigDiff shape = ConfigDiff.of(two("a.pt", 400, 64, "every"), two("a.pt", 400, 32, "every"));
        assertThat(shape.staged()).isEqualTo("pipelines[b]: [1, 3, 64] -> [1, 3, 32]");
        assertThat(shape.restartRequired()).containsExactly("pipelines[b].window.size");
        ConfigDiff publish = ConfigDiff.of(two("a.pt", 400, 64, "every"), two("a.pt", 400, 64, "on_change"));
        assertThat(publish.restartRequired()).containsExactly("pipelines[b].publish");
        assertThat(publish.restarted()).isEmpty();
    }

    @Test
    void aChangedAnomalySectionWaitsForARestartAndSoDoesAddingOrTakingAwayTheClassifier() throws Exception {
        String one = "device_id: d\nmodel: {path: " + dir.resolve("a.pt") + ", labels: [x, y]}\n" + shared;
        DaemonConfig off = TestConfigs.parse(one);
        DaemonConfig on = TestConfigs.parse(one + "anomaly: {enabled: true}\n");
        ConfigDiff d = ConfigDiff.of(off, on);
        assertThat(d.changed()).containsExactly("anomaly");
        assertThat(d.restartRequired()).containsExactly("anomaly");
        DaemonConfig alone = TestConfigs.parse("device_id: d\nanomaly: {enabled: true}\n" + shared);
        ConfigDiff gone = ConfigDiff.of(on, alone);
        assertThat(gone.changed()).contains("model");
        assertThat(gone.restartRequired()).containsExactly("model");
        assertThat(gone.pipelines()).singleElement().satisfies(p -> assertThat(p.reloadModel()).isFalse());
        ConfigDiff added = ConfigDiff.of(alone, on);
        assertThat(added.changed()).as("control.model_dir follows the first model").contains("model");
        assertThat(added.restartRequired()).containsExactly("model");
        assertThat(added.pipelines()).singleElement().satisfies(p -> assertThat(p.reloadModel()).isFalse());
    }

    @Test
    void otherPipelinesAreStagedForARestart() throws Exception {
        DaemonConfig single = TestConfigs.parse("device_id: d\nmodel: {path: " + dir.resolve("a.pt")
                + ", labels: [x, y]}\n"
                + shared);
        ConfigDiff d = ConfigDiff.of(single, two("a.pt", 400, 64, "every"));
        assertThat(d.staged()).isEqualTo("pipelines [main] -> [a, b]");
        assertThat(d.changed()).containsExactly("pipelines");
        assertThat(d.pipelines()).isEmpty();
    }
}
