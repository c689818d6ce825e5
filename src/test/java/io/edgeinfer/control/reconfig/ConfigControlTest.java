package io.edgeinfer.control.reconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.outbox.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigControlTest {
    @TempDir
    Path dir;

    private final List<String> restarts = new ArrayList<>();
    private final List<String> served = new ArrayList<>();
    private final List<String> prepared = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private boolean prepareFails;
    private String failRestart;
    private Path file;
    private ConfigControl control;

    private final Components components = new Components() {
        @Override
        public void restartSource(PipelineSpec next) {
            restart("source");
        }

        @Override
        public void restartTelemetry(DaemonConfig next) {
            restart("telemetry");
        }

        @Override
        public void restartMetrics(DaemonConfig next) {
            restart("metrics");
        }
    };

    private void restart(String part) {
        if (part.equals(failRestart)) {
            throw new IllegalStateException("port busy");
        }
        restarts.add(part);
    }

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("edge.yaml");
        Files.createFile(dir.resolve("m.pt")); // the config checks it exists; the model change is faked
        Files.writeString(file, """
                # operator's comment
                device_id: dev-1
                model: {path: m.pt, labels: [a, b], version: "1.0"}
                source: {type: simulated-vibration, rate_hz: 400}
                outbox: {path: state/outbox.db}
                telemetry: {interval_s: 10}
                """);
        control = new ConfigControl(new RunningConfig(load()), ConfigFile.open(file, new ManualClock(
                1_800_000_000_000L)), Map.of(), components,
                this::prepare);
    }

    /** What deployment does for a config that names another model: validate it; serving it is recorded. */
    private PreparedModel prepare(DaemonConfig config, PipelineSpec next) throws CommandException {
        prepared.add(Arrays.toString(next.source().inputDims(next.window())));
        if (prepareFails) {
            throw new CommandException("wrong_input_shape", "model rejects input of shape [1, 3, 128]");
        }
        return new PreparedModel() {
            @Override
            public void serve(DaemonConfig config, String requestId) {
                served.add(config.pipeline(next.id()).orElseThrow().model().name() + " " + requestId);
            }

            @Override
            public void close() {
                closed.add(next.model().name());
            }
        };
    }

    private DaemonConfig load() throws Exception {
        return new ConfigLoader(Map.of()).load(file);
    }

    private static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void aValidPatchIsAppliedPersistedAndRestartsOnlyWhatChanged() throws Exception {
        ConfigReply r = control.patch(json("{\"source\": {\"rate_hz\": 800}, \"telemetry\": {\"interval_s\": 2.5}}"),
                "r1");
        assertThat(r.changed()).isEqualTo(List.of("source", "telemetry"));
        assertThat(r.restarted()).isEqualTo(List.of("source", "telemetry"));
        assertThat(restarts).containsExactly("source", "telemetry");
        assertThat(served).isEmpty();
        assertThat(((SimulatedVibrationConfig) control.current().first().source()).rateHz()).isEqualTo(800);
        DaemonConfig reread = load();
        assertThat(reread).as("what a restart would read").isEqualTo(control.current());
        assertThat(reread.first().model().version()).as("a version that looks like a number stays a string").isEqualTo(
                "1.0");
        assertThat(Files.readString(file)).startsWith("# Written by edgeinfer");
        assertThat(Files.readString(dir.resolve("edge.yaml.bak"))).contains("# operator's comment");
        assertThat(r.configSha256()).isEqualTo(control.configHash());
    }

    @Test
    void aChangeRewritesOnlyTheChangedValuesAndKeepsTheOperatorsComments() throws Exception {
        String before = Files.readString(file).replace("telemetry: {interval_s: 10}",
                "telemetry:  # every ten seconds\n"
                        + "  interval_s: 10\n# the end");
        Files.writeString(file, before);
        control.reload();
        control.patch(json("{\"telemetry\": {\"interval_s\": 2}, \"model\": {\"version\": \"1.1\"}}"), "r10");
        String after = Files.readString(file);
        assertThat(after).startsWith("# Written by edgeinfer at ").contains(
                " after a remote change; the file before it is edge.yaml.bak\n");
        assertThat(after.substring(after.indexOf('\n') + 1)).isEqualTo(before.replace("interval_s: 10", "interval_s: 2")
                .replace("version: \"1.0\"", "version: \"1.1\""));
        control.patch(json("{\"telemetry\": {\"interval_s\": 3}}"), "r11");
        assertThat(Files.readString(file).lines().filter(l -> l.startsWith("# Written by edgeinfer")).count())
                .as("one header, however many changes").isEqualTo(1);
    }

    @Test
    void anInvalidPatchIsRefusedWithEveryErrorAndNothingChanges() throws Exception {
        String before = Files.readString(file);
        DaemonConfig running = control.current();
        assertThatThrownBy(() -> control.patch(json(
                "{\"window\": {\"hop\": 0}, \"telemetry\": {\"interval_s\": \"fast\"},"
                        + " \"bogus\": 1, \"model\": {\"labels\": null}}"), "r2"))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_config");
                    assertThat(e.errors()).extracting(Object::toString).containsExactlyInAnyOrder(
                            "model.labels: is required: one label per model output, in output order (or a manifest m.json beside the model that lists them)",
                            "window.hop: must be between 1 and 1048576, got 0",
                            "telemetry.interval_s: must be a number, got 'fast'",
                            "bogus: unknown key");
                });
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(control.current()).isSameAs(running);
        assertThat(restarts).isEmpty();
    }

    @Test
    void keysThatNeedAProcessRestartArePersistedAndReported() throws Exception {
        ConfigReply r = control.patch(json("{\"mqtt\": {\"qos\": 0}, \"model\": {\"threads\": 2}, \"control\": "
                + "{\"keep_versions\": 5}}"), "r3");
        assertThat(r.restartRequired()).isEqualTo(List.of("model.threads", "mqtt"));
        assertThat(control.restartRequired()).containsExactly("model.threads", "mqtt");
        assertThat(restarts).isEmpty();
        assertThat(served).as("threads alone does not reload the model").isEmpty();
        assertThat(control.current().control().keepVersions()).isEqualTo(5);
        assertThat(load().mqtt().qos()).isZero();
    }

    @Test
    void aClassifierAddedToAPipelineWithoutOneIsWrittenAndLeftForARestart() throws Exception {
        Files.writeString(file, """
                device_id: dev-1
                anomaly: {enabled: true}
                source: {type: simulated-vibration, rate_hz: 400}
                outbox: {path: state/outbox.db}
                """);
        control = new ConfigControl(new RunningConfig(load()), ConfigFile.open(file, new ManualClock(
                1_800_000_000_000L)), Map.of(), components, this::prepare);
        ConfigReply r = control.patch(json("{\"model\": {\"path\": \"m.pt\", \"labels\": [\"a\", \"b\"]}}"), "r9");
        assertThat(r.restartRequired()).containsExactly("model");
        assertThat(prepared).as("nothing serves it before the restart").isEmpty();
        assertThat(served).isEmpty();
        assertThat(load().first().model().labels()).as("what the restart reads").containsExactly("a", "b");
        assertThat(control.current().first().hasModel()).isTrue();
    }

    @Test
    void aChangeOfTheModelInputShapeIsValidatedWrittenAndLeftForARestart() throws Exception {
        DaemonConfig running = control.current();
        ConfigReply r = control.patch(json("{\"window\": {\"size\": 128}, \"telemetry\": {\"interval_s\": 1}}"), "r6");
        assertThat(prepared).as("the model was checked against the new shape").containsExactly("[3, 128]");
        assertThat(r.pendingInputShape()).isEqualTo("[1, 3, 256] -> [1, 3, 128]");
        assertThat(r.restartRequired()).isEqualTo(List.of("window", "telemetry"));
        assertThat(r.restarted()).isEqualTo(List.of());
        assertThat(load().first().window().size()).as("written for the restart").isEqualTo(128);
        assertThat(control.current()).as("the running pipeline keeps its shape").isSameAs(running);
        assertThat(restarts).isEmpty();
        assertThat(served).isEmpty();

        // Until the restart, nothing else changes: it would be applied to a config that is not running.
        String written = Files.readString(file);
        assertThatThrownBy(() -> control.patch(json("{\"telemetry\": {\"interval_s\": 2}}"), "r7"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("restart_pending"))
                .hasMessageContaining("[1, 3, 256] -> [1, 3, 128]");
        assertThat(Files.readString(file)).isEqualTo(written);
    }

    @Test
    void anInputShapeChangeTheModelDoesNotFitIsRefusedWithNothingChanged() throws Exception {
        String before = Files.readString(file);
        prepareFails = true;
        assertThatThrownBy(() -> control.patch(json("{\"window\": {\"size\": 128}}"), "r8"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo(
                        "wrong_input_shape"));
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(control.pendingShape()).isNull();
        prepareFails = false;
        assertThat(control.patch(json("{\"telemetry\": {\"interval_s\": 2}}"), "r9").changed()).isEqualTo(List.of(
                "telemetry"));
    }

    @Test
    void aModelChangeGoesThroughValidationAndTheSwap() throws Exception {
        control.patch(json("{\"model\": {\"name\": \"other\"}}"), "r4");
        assertThat(served).containsExactly("other r4");
        assertThat(load().first().model().name()).isEqualTo("other");
    }

    @Test
    void aFailedRestartPutsThePreviousConfigBack() throws Exception {
        String before = Files.readString(file);
        DaemonConfig running = control.current();
        failRestart = "telemetry";
        assertThatThrownBy(() -> control.patch(json(
                "{\"source\": {\"rate_hz\": 800}, \"telemetry\": {\"interval_s\": 1}}"), "r5"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("restart_failed"));
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(control.current()).isSameAs(running);
        assertThat(restarts).as("source restarted with the new settings, then again with the old").containsExactly(
                "source", "source");
    }

    @Test
    void aReloadAppliesAnEditedFileAndRefusesABrokenOne() throws Exception {
        assertThat(control.reload().changed()).as("unchanged file").isEqualTo(List.of());
        Files.writeString(file, Files.readString(file).replace("interval_s: 10", "interval_s: 3"));
        assertThat(control.reload().changed()).isEqualTo(List.of("telemetry"));
        assertThat(control.current().telemetry().intervalS()).isEqualTo(3);
        DaemonConfig good = control.current();
        Files.writeString(file, Files.readString(file).replace("interval_s: 3", "interval_s: -1"));
        assertThatThrownBy(control::reload).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.errors()).extracting(Object::toString)
                        .containsExactly("telemetry.interval_s: must be between 0.1 and 86400.0, got -1.0"));
        Files.writeString(file, "device_id: [unclosed");
        assertThatThrownBy(control::reload).hasMessageContaining("not valid YAML");
        assertThat(control.current()).isSameAs(good);
    }

    @Test
    void withoutAFileChangesAreRefused() throws Exception {
        ConfigControl c = new ConfigControl(new RunningConfig(TestConfigs.config("tcp://127.0.0.1:1", "d")), null, Map
                .of(), components,
                this::prepare);
        assertThatThrownBy(() -> c.patch(json("{}"), "r6")).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.code()).isEqualTo("no_config_file"));
    }

    private void refusedRemotely(String patch, String code, String... message) throws Exception {
        String before = Files.readString(file);
        DaemonConfig running = control.current();
        assertThatThrownBy(() -> control.patch(json(patch), "remote")).as(patch)
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message);
                });
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(control.current()).isSameAs(running);
    }

    @Test
    void aRemotePushMayNotMoveTheDaemonsFilesOrChangeWhoCommandsIt() throws Exception {
        refusedRemotely("{\"outbox\": {\"path\": \"/etc/passwd\"}}", "local_only",
                "may not change outbox.path, control.state_dir:");
        refusedRemotely("{\"control\": {\"model_dir\": \"/\"}}", "local_only", "control.model_dir");
        refusedRemotely("{\"control\": {\"state_dir\": \"/tmp\", \"allow_unsigned\": true}}", "local_only",
                "control.allow_unsigned, control.state_dir");
        refusedRemotely("{\"model\": {\"cache_dir\": \"/tmp/natives\"}}", "local_only", "model.cache_dir");
        refusedRemotely("{\"mqtt\": {\"broker\": \"tcp://10.9.9.9:1883\"}}", "local_only", "mqtt.broker");
        refusedRemotely("{\"telemetry\": {\"interval_s\": 2}, \"outbox\": {\"path\": \"other.db\"}}", "local_only",
                "outbox.path");
        assertThat(restarts).as("a refused push restarts nothing").isEmpty();
    }

    @Test
    void aRemotePushMayNameAModelInsideTheModelDirectoryOnly() throws Exception {
        Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("elsewhere/m.pt"), "x");
        String before = Files.readString(file);
        Files.writeString(file, before.replace("outbox: {path: state/outbox.db}",
                "outbox: {path: state/outbox.db}\ncontrol: {model_dir: models}"));
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/m2.pt"), "y");
        control = new ConfigControl(new RunningConfig(load()), ConfigFile.open(file, new ManualClock(0)), Map.of(),
                components,
                this::prepare);
        refusedRemotely("{\"model\": {\"path\": \"elsewhere/m.pt\"}}", "outside_model_dir",
                "elsewhere/m.pt is outside control.model_dir");
        refusedRemotely("{\"model\": {\"path\": \"/etc/passwd\"}}", "outside_model_dir",
                "send a model from elsewhere with cmd/model");
        control.patch(json("{\"model\": {\"path\": \"models/m2.pt\"}}"), "in-dir");
        assertThat(served).as("the model file's name is the model's name").containsExactly("m2 in-dir");
    }

    @Test
    void theFileOnTheDeviceMayChangeAnyKey() throws Exception {
        Files.writeString(file, Files.readString(file).replace("outbox: {path: state/outbox.db}",
                "outbox: {path: other.db}"));
        assertThat(control.reload().restartRequired()).containsExactly("outbox");
        assertThat(control.current().outbox().path()).isEqualTo(dir.resolve("other.db"));
    }
}
