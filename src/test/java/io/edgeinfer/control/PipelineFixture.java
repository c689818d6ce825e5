package io.edgeinfer.control;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.app.ControlAssembly;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.reconfig.Components;
import io.edgeinfer.control.status.DeviceFacts;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.OutboxRecord;
import io.edgeinfer.pipeline.FakeModelRunner;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.sensor.Health;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

/**
 * Remote control of a device with one or two pipelines, built by the real {@link ControlAssembly} on
 * fakes: each pipeline an inference loop (started) serving a {@link FakeModelRunner}, a config file
 * in a temporary folder with three small model files ({@code a.pt}, {@code b.pt}, {@code c.pt}), a
 * loader that "loads" a file as a fake runner with that file's digest (for one model name only once
 * released: a validation that takes long), input restarts recorded, answers in a memory outbox.
 */
final class PipelineFixture implements AutoCloseable {
    /** Two pipelines, with the operator's comments. */
    static final String TWO = """
            device_id: unit-2
            pipelines:
              # the spindle
              - id: spindle
                model: {path: models/a.pt, name: a, version: "1", labels: [x, y]}
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 64, hop: 32}
              # the pump
              - id: pump
                model: {path: models/b.pt, name: b, version: "1", labels: [x, y]}
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 64, hop: 32}
            """;
    /** The single-pipeline form. */
    static final String ONE = """
            device_id: unit-1
            model: {path: models/a.pt, name: a, version: "1", labels: [x, y]}
            source: {type: simulated-vibration, rate_hz: 400}
            window: {size: 64, hop: 32}
            """;
    private static final String SHARED = """
            mqtt: {broker: "tcp://127.0.0.1:1"}
            outbox: {path: state/outbox.db}
            telemetry: {interval_s: 10}
            control:
              allow_unsigned: true
              state_dir: state
              model_dir: models
              validation: {warmup_runs: 1, latency_runs: 5}
            """;
    private static final int[] DIMS = {3, 64};

    final Path file;
    final Path models;
    final Path state;
    final MemoryOutbox outbox = new MemoryOutbox(Clock.systemUTC(), 10_000);
    /** Inputs, telemetry and metrics restarted, in order ({@code source:ID}). */
    final List<String> restarts = new CopyOnWriteArrayList<>();
    final Map<String, PipelineHandle> pipelines = new LinkedHashMap<>();
    /** Holds the load of the model named {@link #hangOn} until released (at the latest when the test ends). */
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch loading = new CountDownLatch(1);
    volatile String hangOn;
    final ControlService service;
    private final String base;
    private BiConsumer<String, byte[]> handler;
    private long windows;

    /** @param pipelines {@link #TWO}, {@link #ONE}, or another config without the shared sections */
    PipelineFixture(Path dir, String pipelines) throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        state = dir.resolve("state");
        for (String m : List.of("a", "b", "c")) {
            Files.writeString(models.resolve(m + ".pt"), "model " + m);
        }
        file = dir.resolve("edge.yaml");
        Files.writeString(file, pipelines + SHARED);
        DaemonConfig config = new ConfigLoader(Map.of()).load(file);
        base = "edgeinfer/" + config.deviceId() + "/cmd/";
        for (PipelineSpec p : config.pipelines()) {
            WindowQueue q = new WindowQueue(64, Overflow.BLOCK);
            PipelineStats stats = new PipelineStats(q);
            ModelRunner boot = runner(p.model().path(), p.model().name(), p.model().version(), p.model().labels());
            InferenceLoop loop = new InferenceLoop(q, boot, new PostProcessor(p.model().labels()), x -> {
            }, stats, t -> {
            });
            loop.start();
            this.pipelines.put(p.id(), new PipelineHandle(p.id(), loop, stats, new Health()));
        }
        service = new ControlAssembly(config, file, Map.of(), Clock.systemUTC()).build(components(),
                new ArrayList<>(this.pipelines.values()), this::load, outbox, new Topics("edgeinfer", config
                        .deviceId()),
                new DeviceFacts(config.deviceId(), "boot", "test", 0), null, noRestart(), () -> {
                });
        service.start((filter, h) -> handler = h);
    }

    private Components components() {
        return new Components() {
            @Override
            public void restartSource(PipelineSpec next) {
                restarts.add("source:" + next.id());
            }

            @Override
            public void restartTelemetry(DaemonConfig next) {
                restarts.add("telemetry");
            }

            @Override
            public void restartMetrics(DaemonConfig next) {
                restarts.add("metrics");
            }
        };
    }

    private static ProcessRestart noRestart() {
        return new ProcessRestart() {
            @Override
            public String unavailable() {
                return "no service manager in a unit test";
            }

            @Override
            public void request(String why) {
                throw new AssertionError("not supervised");
            }
        };
    }

    private ModelRunner load(Path f, String name, String version, List<String> labels, int[] dims, String from) {
        if (name.equals(hangOn)) {
            loading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return runner(f, name, version, labels);
    }

    /** A fake that names itself after the file, as a loaded model would. */
    private static ModelRunner runner(Path f, String name, String version, List<String> labels) {
        try {
            byte[] bytes = Files.readAllBytes(f);
            return new FakeModelRunner(new ModelInfo(name, version, Sha256.hex(bytes), bytes.length, labels),
                    w -> new float[]{1, 0});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InferenceLoop loop(String id) {
        return pipelines.get(id).loop();
    }

    /** The model serving in pipeline {@code id}. */
    String serving(String id) {
        return loop(id).model().info().name();
    }

    long inferences(String id) {
        return pipelines.get(id).stats().inferencesTotal();
    }

    /** Gives pipeline {@code id} {@code n} windows and waits until its model has answered them. */
    void feed(String id, int n) throws InterruptedException {
        long before = inferences(id);
        for (int i = 0; i < n; i++) {
            loop(id).submit(Window.of(windows++, DIMS, new float[Window.elements(DIMS)]));
        }
        await().until(() -> inferences(id) >= before + n);
    }

    /** Runs a command on the calling thread and returns its answer. */
    JsonNode call(String name, String json) throws Exception {
        return Json.mapper().readTree(Json.encode(service.handle(base + name, name, json.getBytes(
                StandardCharsets.UTF_8))));
    }

    /** Hands a command to the service's own threads, as the MQTT client does. */
    void send(String name, String json) {
        handler.accept(base + name, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer queued for {@code requestId}, or null. */
    JsonNode answerTo(String requestId) throws Exception {
        outbox.flush();
        for (OutboxRecord r : outbox.read(0, 10_000)) {
            JsonNode a = Json.mapper().readTree(r.payload());
            if (requestId.equals(a.path("request_id").asText(null))) {
                return a;
            }
        }
        return null;
    }

    /** A {@code model} command for {@code models/FILE}, with the extra members {@code extra} (JSON, may be empty). */
    String modelCommand(String requestId, String file, String name, String extra) throws IOException {
        Path f = models.resolve(file);
        return "{\"request_id\": \"" + requestId + "\", \"name\": \"" + name + "\", \"version\": \"2\", \"url\": \""
                + f.toUri() + "\", \"sha256\": \"" + Sha256.hex(Files.readAllBytes(f)) + "\"" + extra + "}";
    }

    @Override
    public void close() {
        release.countDown();
        service.close();
        pipelines.values().forEach(p -> p.loop().stop(100));
    }
}
