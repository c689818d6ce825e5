package io.edgeinfer.control.reconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a patch goes: the file, or one pipeline's mapping in it. */
class PipelineTreeTest {
    private static final String TWO = """
            {"device_id": "d", "pipelines": [
              {"id": "a", "model": {"path": "a.pt", "labels": ["x", "y"]}},
              {"id": "b", "model": {"path": "b.pt", "labels": ["x", "y"]}}],
             "telemetry": {"interval_s": 5}}""";

    @TempDir
    Path dir;

    private DaemonConfig two;
    private DaemonConfig oneNamed;
    private DaemonConfig single;

    @BeforeEach
    void configs() throws Exception {
        Files.writeString(dir.resolve("a.pt"), "a");
        Files.writeString(dir.resolve("b.pt"), "b");
        String shared = "mqtt: {broker: \"tcp://127.0.0.1:1\"}\noutbox: {path: " + dir.resolve("o.db") + "}\n";
        String a = "  - id: a\n    model: {path: " + dir.resolve("a.pt") + ", labels: [x, y]}\n";
        String b = "  - id: b\n    model: {path: " + dir.resolve("b.pt") + ", labels: [x, y]}\n";
        two = TestConfigs.parse("device_id: d\npipelines:\n" + a + b + shared);
        oneNamed = TestConfigs.parse("device_id: d\npipelines:\n" + a + shared);
        single = TestConfigs.parse("device_id: d\nmodel: {path: " + dir.resolve("a.pt") + ", labels: [x, y]}\n"
                + shared);
    }

    private static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void aPatchAddressedToAPipelineMergesIntoItsItemOnly() throws Exception {
        JsonNode out = PipelineTree.patchPipeline(json(TWO), true, "b", json("{\"model\": {\"path\": \"c.pt\"}}"));
        assertThat(out.at("/pipelines/1/model")).isEqualTo(json("{\"path\": \"c.pt\", \"labels\": [\"x\", \"y\"]}"));
        assertThat(out.at("/pipelines/0")).isEqualTo(json(TWO).at("/pipelines/0"));
        assertThat(PipelineTree.patchPipeline(json("{\"model\": {\"path\": \"a.pt\"}}"), false, "main",
                json("{\"model\": {\"path\": \"c.pt\"}}"))).as("a single-pipeline file: its top level")
                .isEqualTo(json("{\"model\": {\"path\": \"c.pt\"}}"));
        assertThatThrownBy(() -> PipelineTree.patchPipeline(json(TWO), true, "b", json("{\"id\": \"c\"}")))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
    }

    @Test
    void aPatchOfTheFileReplacesTheListOfPipelinesWholeAsRfc7396Says() throws Exception {
        JsonNode out = PipelineTree.patchFile(json(TWO), two, json("{\"pipelines\": [{\"id\": \"b\"}], "
                + "\"telemetry\": {\"interval_s\": 1}}"));
        assertThat(out.get("pipelines")).isEqualTo(json("[{\"id\": \"b\"}]"));
        assertThat(out.at("/telemetry/interval_s").asInt()).isEqualTo(1);
    }

    @Test
    void aPipelinesSectionAtTheTopOfAFilePatchGoesToTheOnlyPipelineOrIsRefusedWhenThereAreSeveral() throws Exception {
        String oneItem = "{\"device_id\": \"d\", \"pipelines\": [{\"id\": \"a\", \"model\": {\"path\": \"a.pt\"}}]}";
        JsonNode out = PipelineTree.patchFile(json(oneItem), oneNamed, json("{\"model\": {\"version\": \"2\"}, "
                + "\"telemetry\": {\"interval_s\": 1}}"));
        assertThat(out).isEqualTo(json("{\"device_id\": \"d\", \"pipelines\": [{\"id\": \"a\", \"model\": {\"path\": "
                + "\"a.pt\", \"version\": \"2\"}}], \"telemetry\": {\"interval_s\": 1}}"));
        assertThatThrownBy(() -> PipelineTree.patchFile(json(TWO), two, json("{\"model\": {\"version\": \"2\"}}")))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo(
                        "pipeline_required"))
                .hasMessage("this device runs 2 pipelines [a, b]: name the one to act on in \"pipeline\"");
        assertThatThrownBy(() -> PipelineTree.patchFile(json(oneItem), oneNamed, json(
                "{\"model\": {}, \"pipelines\": []}")))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
        assertThat(PipelineTree.patchFile(json("{\"model\": {\"path\": \"a.pt\"}}"), single,
                json("{\"model\": {\"version\": \"2\"}}"))).as("a single-pipeline file: the top level, as always")
                .isEqualTo(json("{\"model\": {\"path\": \"a.pt\", \"version\": \"2\"}}"));
    }

    @Test
    void aPipelinesKeysAreNamedByItsItemOnlyInAFileThatListsPipelines() {
        assertThat(PipelineTree.key(two, "b")).isEqualTo("pipelines[b].");
        assertThat(PipelineTree.key(single, "main")).isEmpty();
    }
}
