package io.edgeinfer.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A device for the page's tests: one signal pipeline, settable health, link and signing, and a log of actions. */
final class FakeDeviceView implements DeviceView {
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");

    final PipelineRecorder recorder = new PipelineRecorder();
    final List<Action> acted = new CopyOnWriteArrayList<>();
    volatile Health health = new Health(false, null);
    volatile boolean connected = true;
    volatile boolean signedCommands;
    volatile byte[] telemetry;
    volatile ActionResult result = new ActionResult(true, null, null, Map.of("ok", true, "command", "rollback",
            "model", Map.of("name", "vib", "version", "1.0.0", "sha256", SHA_A)));
    volatile Input input = new Input("signal", "adxl345", "ADXL345 at 0x53 on /dev/i2c-1", 400, 256, 128,
            List.of("x", "y", "z"), "g", null, null);

    /** Records a prediction the way the inference thread would. */
    Observation observe(long seq, String label) {
        float[] data = new float[3 * 256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i / 7.0) * (1 + i / 256);
        }
        Observation o = new Observation(seq, seq, 1_800_000_000_000L + seq * 320, label, 0.9,
                Map.of(LABELS.get(0), 0.9, LABELS.get(1), 0.05, LABELS.get(2), 0.03, LABELS.get(3), 0.02),
                new int[]{3, 256}, data, Set.of(), null, 1_500_000, 700_000, "vib", "1.0.0", SHA_A);
        recorder.record(o);
        return o;
    }

    @Override
    public Device device() {
        return new Device("dev-1", "0.1.0", "boot-1", 1_800_000_000_000L, signedCommands);
    }

    @Override
    public List<Pipeline> pipelines() {
        List<Version> versions = new ArrayList<>(List.of(new Version("vib", "0.9.0", SHA_B, true, false,
                1_799_000_000_000L),
                new Version("vib", "1.0.0", SHA_A, true, true, 1_800_000_000_000L)));
        Model model = new Model("vib", "1.0.0", SHA_A, 50_000, LABELS, versions, null, false);
        Counters counters = new Counters(recorder.recorded(), recorder.recorded(), 0, 0,
                Map.of("health", health.degraded() ? "degraded" : "ok", "read_errors_total", 0));
        return List.of(new Pipeline("main", input, health, counters, model, recorder));
    }

    @Override
    public Link link() {
        return new Link("tcp://127.0.0.1:1883", connected, 3, 1200, 0);
    }

    @Override
    public byte[] lastTelemetry() {
        return telemetry;
    }

    @Override
    public Startup startup() {
        return new Startup(true, "platform: x86_64", List.of("PyTorch natives fit this machine"), List.of());
    }

    /** When set, actions answer when the test completes it. */
    volatile CompletableFuture<ActionResult> pending;

    @Override
    public CompletableFuture<ActionResult> act(String pipelineId, Action action) {
        acted.add(action);
        return pending != null ? pending : CompletableFuture.completedFuture(result);
    }
}
