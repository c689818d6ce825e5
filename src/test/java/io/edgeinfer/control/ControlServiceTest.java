package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.anomaly.AnomalyStage;
import io.edgeinfer.anomaly.Signals;
import io.edgeinfer.app.ControlAssembly;
import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.control.status.DeviceFacts;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.OutboxRecord;
import io.edgeinfer.pipeline.AnomalyScoring;
import io.edgeinfer.pipeline.FakeModelRunner;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.sensor.Health;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command dispatcher with fakes: answers go to the outbox, rebirth goes to its port. */
class ControlServiceTest {
    private static final String BASE = "edgeinfer/unit-1/cmd/";

    @TempDir
    Path dir;

    private final MemoryOutbox outbox = new MemoryOutbox(Clock.systemUTC(), 1000);
    private final AtomicInteger rebirths = new AtomicInteger();
    private final Health input = new Health();
    private final List<String> restartRequests = new ArrayList<>();
    private String restartUnavailable = "no service manager";
    private final ProcessRestart restarts = new ProcessRestart() {
        @Override
        public String unavailable() {
            return restartUnavailable;
        }

        @Override
        public void request(String why) {
            // What the daemon does next (stop, exit 75) needs the answer queued first.
            assertThat(outbox.stats().depth()).as("the answer is queued before the stop").isPositive();
            restartRequests.add(why);
        }
    };
    private final List<String> filters = new ArrayList<>();
    private BiConsumer<String, byte[]> handler;
    private ControlService service;
    /** Holds a hanging model's load until the test ends. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch loading = new CountDownLatch(1);
    private boolean hang;
    private InferenceLoop loop;
    private AnomalyScoring scoring;

    private ControlService service(DaemonConfig config, Rebirth rebirth) throws Exception {
        return service(config, rebirth, new WindowQueue(4, Overflow.DROP_OLDEST), null);
    }

    /** @param anomaly the pipeline's anomaly stage, or null for none */
    private ControlService service(DaemonConfig config, Rebirth rebirth, WindowQueue q, AnomalyScoring anomaly)
            throws Exception {
        PipelineStats stats = new PipelineStats(q);
        FakeModelRunner runner = new FakeModelRunner(config.first().model().labels(), w -> new float[4]);
        loop = new InferenceLoop(q, runner, new PostProcessor(config.first().model().labels()), p -> {
        }, stats, t -> {
        }, "edgeinfer-inference", anomaly);
        ControlService s = new ControlAssembly(config, null, Map.of(), Clock.systemUTC()).build(null,
                List.of(new PipelineHandle("main", loop, stats, input)), (f, n, v, l, c, z) -> hang ? hangs() : runner,
                outbox,
                new Topics("edgeinfer", "unit-1"), new DeviceFacts("unit-1", "boot", "test", 0), rebirth, restarts,
                () -> {
                });
        s.start((filter, h) -> {
            filters.add(filter);
            handler = h;
        });
        return s;
    }

    /** A model whose load never returns (a call stuck in native code), until the test ends. */
    private ModelRunner hangs() {
        loading.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("released");
    }

    private DaemonConfig config(String control) throws Exception {
        String yaml = TestConfigs.yaml("tcp://127.0.0.1:1", "unit-1") + "control:\n" + control.indent(2)
                + "  state_dir: " + dir + "\n  model_dir: " + dir + "\n";
        return TestConfigs.parse(yaml);
    }

    @BeforeEach
    void models() throws Exception {
        Files.createDirectories(dir);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (service != null) {
            service.close();
        }
        if (loop != null) {
            loop.stop(1000);
        }
        AnomalyStage stage = scoring == null ? null : scoring.detach();
        if (stage != null) {
            stage.close();
        }
    }

    private JsonNode answer(String name, String json) throws Exception {
        return Json.mapper().readTree(Json.encode(service.handle(BASE + name, name, json.getBytes(
                StandardCharsets.UTF_8))));
    }

    @Test
    void rebirthGoesToSparkplugOrIsRefusedWhenJsonIsTheFormat() throws Exception {
        service = service(config("allow_unsigned: true"), rebirths::incrementAndGet);
        JsonNode ok = answer("rebirth", "{\"request_id\": \"r1\"}");
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(rebirths.get()).isOne();
        service.close();
        service = service(config("allow_unsigned: true"), null);
        JsonNode off = answer("rebirth", "{\"request_id\": \"r2\"}");
        assertThat(off.get("ok").asBoolean()).isFalse();
        assertThat(off.get("code").asText()).isEqualTo("not_enabled");
        assertThat(off.get("error").asText()).isEqualTo("sparkplug not enabled (mqtt.format is json)");
    }

    @Test
    void answersGoToTheOutboxAndItsOwnResultsAreIgnored() throws Exception {
        service = service(config("allow_unsigned: true"), null);
        assertThat(filters).containsExactly(BASE + "#");
        handler.accept(BASE + "result", "{\"request_id\": \"loop?\"}".getBytes(StandardCharsets.UTF_8));
        input.degraded("adxl345", "no answer at 0x53 on /dev/i2c-1");
        handler.accept(BASE + "status", "{\"request_id\": \"s1\"}".getBytes(StandardCharsets.UTF_8));
        Awaitility.await().until(() -> outbox.stats().depth() >= 1);
        outbox.flush();
        List<OutboxRecord> records = outbox.read(0, 10);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo(BASE + "result");
        JsonNode status = Json.mapper().readTree(records.get(0).payload());
        assertThat(status.get("request_id").asText()).isEqualTo("s1");
        assertThat(status.get("command").asText()).isEqualTo("status");
        assertThat(status.get("device_id").asText()).isEqualTo("unit-1");
        assertThat(status.get("versions")).hasSize(1);
        assertThat(status.get("health").get("input").asText()).isEqualTo("degraded");
        assertThat(status.get("health").get("input_reason").asText()).contains("no answer at 0x53");
        assertThat(status.get("control").get("allow_unsigned").asBoolean()).isTrue();
    }

    @Test
    void statusCarriesEachPipelinesAnomalyStateAndLeavesItOutWhereNoneRuns() throws Exception {
        service = service(config("allow_unsigned: true"), null);
        assertThat(answer("status", "{\"request_id\": \"s0\"}").get("pipelines").get(0).has("anomaly"))
                .as("no stage, no field").isFalse();
        service.close();

        scoring = new AnomalyScoring("main");
        scoring.attach(AnomalyStage.open(Signals.config("enabled: true\nlearn_windows: 100", Signals.RATE),
                Signals.SHAPE, dir.resolve("main.baseline"), null, Runnable::run, Clock.systemUTC()));
        WindowQueue queue = new WindowQueue(1000, Overflow.BLOCK);
        service = service(config("allow_unsigned: true"), null, queue, scoring);
        loop.start();
        JsonNode first = answer("status", "{\"request_id\": \"s1\"}").get("pipelines").get(0);
        assertThat(first.has("anomaly")).as(first.toString()).isTrue();
        JsonNode learning = first.get("anomaly");
        assertThat(learning.get("phase").asText()).as(learning.toString()).isEqualTo("learning");
        assertThat(learning.get("detector").asText()).isEqualTo("stats");
        assertThat(learning.get("alarm").asBoolean()).isFalse();
        assertThat(learning.get("threshold").isNull()).as("no baseline, no threshold").isTrue();

        for (Window w : Signals.normal(3, 110)) {
            loop.submit(w);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> scoring.status().phase().equals("ready"));
        JsonNode ready = answer("status", "{\"request_id\": \"s2\"}").get("pipelines").get(0).get("anomaly");
        assertThat(ready.get("phase").asText()).isEqualTo("ready");
        assertThat(ready.get("baseline").get("windows").asLong()).as(ready.toString()).isEqualTo(100);
        assertThat(ready.get("threshold").asDouble()).isPositive();
        assertThat(ready.get("alarm").asBoolean()).isFalse();
    }

    @Test
    void withRemoteControlOffNothingIsSubscribed() throws Exception {
        service = service(config("allow_unsigned: false"), null);
        assertThat(filters).isEmpty();
        assertThat(answer("status", "{\"request_id\": \"x\"}").get("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void unknownCommandsAndMissingRequestIdsAreAnsweredWithTheirReason() throws Exception {
        service = service(config("allow_unsigned: true"), null);
        assertThat(answer("reboot", "{\"request_id\": \"x\"}").get("code").asText()).isEqualTo("unknown_command");
        JsonNode noId = answer("status", "{}");
        assertThat(noId.get("code").asText()).isEqualTo("bad_request");
        assertThat(noId.get("request_id").isNull()).isTrue();
        assertThat(answer("status", "{\"request_id\": \"x\", \"verbose\": true}").get("error").asText())
                .isEqualTo("unknown field [verbose]");
    }

    @Test
    void restartIsRefusedWithoutAServiceManagerAndOtherwiseRequestedAfterTheAnswer() throws Exception {
        service = service(config("allow_unsigned: true"), null);
        JsonNode refused = answer("restart", "{\"request_id\": \"r1\"}");
        assertThat(refused.get("code").asText()).isEqualTo("not_supervised");
        assertThat(refused.get("error").asText()).isEqualTo("restart refused: no service manager");
        assertThat(restartRequests).isEmpty();

        restartUnavailable = null;
        handler.accept(BASE + "restart", "{\"request_id\": \"r2\"}".getBytes(StandardCharsets.UTF_8));
        Awaitility.await().until(() -> !restartRequests.isEmpty());
        assertThat(restartRequests).containsExactly("cmd/restart r2");
        outbox.flush();
        JsonNode ok = Json.mapper().readTree(outbox.read(0, 10).get(0).payload());
        assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("restarting").asBoolean()).isTrue();
    }

    private void send(String name, String json) {
        handler.accept(BASE + name, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every answer queued so far, in order. */
    private List<JsonNode> answers() throws Exception {
        outbox.flush();
        List<JsonNode> out = new ArrayList<>();
        for (OutboxRecord r : outbox.read(0, 1000)) {
            out.add(Json.mapper().readTree(r.payload()));
        }
        return out;
    }

    private JsonNode answerTo(String requestId) throws Exception {
        return answers().stream().filter(a -> requestId.equals(a.path("request_id").asText(null))).findFirst().orElse(
                null);
    }

    private String modelCommand(String requestId) throws Exception {
        Path file = Files.write(dir.resolve(requestId + ".pt"), requestId.getBytes(StandardCharsets.UTF_8));
        return "{\"request_id\": \"" + requestId + "\", \"name\": \"m\", \"version\": \"" + requestId
                + "\", \"url\": \""
                + file.toUri() + "\", \"sha256\": \"" + Sha256.hex(Files.readAllBytes(file)) + "\"}";
    }

    private List<Path> installed() throws Exception {
        Path d = dir.resolve("installed");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (var files = Files.list(d)) {
            return files.toList();
        }
    }

    /** A service whose control thread is busy validating a model that hangs (command {@code requestId}). */
    private void validatingAHungModel(String controlYaml, String requestId) throws Exception {
        hang = true;
        service = service(config("allow_unsigned: true\n" + controlYaml), null);
        send("model", modelCommand(requestId));
        loading.await();
    }

    @Test
    void aValidationThatHangsIsRefusedAtItsBoundLeavesNothingInstalledAndStatusIsAnsweredMeanwhile() throws Exception {
        validatingAHungModel("validation: {timeout_s: 2}", "m1");
        send("status", "{\"request_id\": \"s1\"}");
        await().until(() -> answerTo("s1") != null);
        assertThat(answerTo("m1")).as("still validating when status answered").isNull();

        await().until(() -> answerTo("m1") != null);
        JsonNode refused = answerTo("m1");
        assertThat(refused.get("code").asText()).isEqualTo("validation_timeout");
        assertThat(refused.get("error").asText()).isEqualTo("m m1 did not finish loading and validation within "
                + "control.validation.timeout_s (2.0 s): refused");
        assertThat(installed()).as("the refused install is removed").isEmpty();

        send("model", modelCommand("m2"));
        await().until(() -> answerTo("m2") != null);
        assertThat(answerTo("m2").get("code").asText()).as("the hung model still holds the validation thread")
                .isEqualTo("validation_stuck");
        assertThat(installed()).isEmpty();
    }

    @Test
    void stoppingAbandonsAValidationInProgressAnswersItAndRemovesTheInstall() throws Exception {
        validatingAHungModel("", "m3");
        service.close();
        JsonNode cancelled = answerTo("m3");
        assertThat(cancelled).as("answered before the service stopped").isNotNull();
        assertThat(cancelled.get("code").asText()).isEqualTo("cancelled");
        assertThat(installed()).isEmpty();
    }

    @Test
    void aBusyAnswerEchoesTheRequestIdOfTheCommandItTurnsAway() throws Exception {
        validatingAHungModel("validation: {timeout_s: 3600}", "m4");
        for (int i = 0; i < 70; i++) {
            send("rollback", "{\"request_id\": \"rb-" + i + "\"}");
        }
        await().until(() -> answers().stream().anyMatch(a -> "busy".equals(a.path("code").asText())));
        List<JsonNode> busy = answers().stream().filter(a -> "busy".equals(a.path("code").asText())).toList();
        assertThat(busy).extracting(a -> a.get("request_id").asText(null))
                .as("the first 63 wait behind the model command").containsExactly("rb-63", "rb-64", "rb-65", "rb-66",
                        "rb-67",
                        "rb-68", "rb-69");
        assertThat(busy.get(0).get("command").asText()).isEqualTo("rollback");
    }
}
