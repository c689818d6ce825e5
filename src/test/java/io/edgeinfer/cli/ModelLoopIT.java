package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.capture.CaptureItem;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.SensorMount;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.sensor.Scenario;
import io.edgeinfer.sensor.SimulatedDataset;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model loop of docs/capture.md, end to end on this machine: a daemon serving the demo int8
 * model on the simulator; the sensor turned on its mount ({@code source.mount: side} by
 * {@code cmd/config}) and its live accuracy drops; capture keeps what it is unsure of (and a random
 * sample); {@code capture pull} brings it home, {@code capture dataset} makes the sheet, which is
 * labelled from the simulator's own schedule (standing in for a technician); the compression
 * pipeline (a real /usr/bin/python3) fine-tunes the float teacher kept at home and quantises it;
 * {@code bench models} compares old and new on drifted and original data and on the captured rows
 * held out of training ({@code capture dataset --holdout}); {@code push-model} rolls
 * it out and the live accuracy recovers. Live accuracy counts the windows that lie inside one step
 * of the simulator's schedule, whose true state the clock gives.
 */
class ModelLoopIT {
    static final String DEVICE = "loop-1";
    static final Path REPO = Path.of("").toAbsolutePath();
    /** Windows inside one step in a cycle: 8 s at 12.5 windows/s, two thirds of them inside a step. */
    static final int MIN_WINDOWS = 40;
    /** Items to keep after the drift: enough for a few epochs to move the model. */
    static final int CAPTURED = 100;

    @TempDir
    Path dir;
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    @RegisterExtension
    final Console console = new Console();
    private Daemon daemon;
    private Scenario scenario;
    private final Map<String, String> figures = new LinkedHashMap<>();

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aDriftedMachineIsCapturedLearnedAndTheNewModelRecoversLiveAccuracy() throws Exception {
        startDevice();
        double top = liveAccuracy("top mount, old model", System.currentTimeMillis(), "1.0.0");
        int before = daemon.capture("main").stats().figures().items();
        long drift = step("drift on (cmd/config source.mount: side)", () -> mount("side"));
        double side = liveAccuracy("side mount, old model", drift, "1.0.0");
        step("capture on the device", () -> {
            await().atMost(Duration.ofSeconds(40)).until(() -> daemon.capture("main").stats().figures()
                    .items() >= before + CAPTURED);
            return null;
        });
        Path home = dir.resolve("home");
        step("capture pull", () -> assertThat(Main.execute("capture", "pull", "--broker", live.url(), "--device",
                DEVICE, "--out", home.toString())).isZero());
        Path dataset = dir.resolve("dataset");
        int labelled = step("capture dataset, labelled from the schedule", () -> labelled(home, dataset));
        Path made = step("fine-tune and compress (python)", () -> compress(dataset.resolve("windows.csv")));
        Path newModel = made.resolve("vibration_teacher_int8.pt");
        Path heldOut = dataset.resolve("test.csv");
        JsonNode bench = step("bench models OLD,NEW", () -> bench(newModel, heldOut));
        long pushed = step("push-model", () -> push(newModel));
        double recovered = liveAccuracy("side mount, new model", pushed, "2.0.0");
        long back = mount("top");
        double topAfter = liveAccuracy("top mount, new model", back, "2.0.0");

        figures.put("items labelled", Integer.toString(labelled));
        figures.put("live accuracy, top mount, old model", pct(top));
        figures.put("live accuracy, side mount, old model", pct(side));
        figures.put("live accuracy, side mount, new model", pct(recovered));
        figures.put("live accuracy, top mount, new model", pct(topAfter));
        console.realErr().println("model loop: " + figures + "\nbench: " + bench.get("comparison"));
        JsonNode old = bench.get("comparison").get(0).get("accuracy");
        JsonNode fresh = bench.get("comparison").get(1).get("accuracy");
        String drifted = dir.resolve("side.csv").toString();
        String original = dir.resolve("top.csv").toString();
        figures.put("bench, held-out captured rows", Integer.toString(Files.readAllLines(heldOut).size() - 1));
        figures.put("bench, held-out captured: old -> new", pct(old.get(heldOut.toString()).asDouble()) + " -> "
                + pct(fresh.get(heldOut.toString()).asDouble()));
        assertThat(top).as("before the drift: %s", figures).isGreaterThan(0.9);
        assertThat(side).as("the drift costs the old model: %s", figures).isLessThan(top - 0.1);
        assertThat(fresh.get(drifted).asDouble()).as("bench, drifted data").isGreaterThan(old.get(drifted).asDouble()
                + 0.1);
        assertThat(fresh.get(original).asDouble()).as("bench, original data").isGreaterThan(old.get(original)
                .asDouble() - 0.02);
        assertThat(fresh.get(heldOut.toString()).asDouble()).as("bench, held-out captured data: %s", figures)
                .isGreaterThan(old.get(heldOut.toString()).asDouble());
        assertThat(recovered).as("after the loop: %s", figures).isGreaterThan(side + 0.1);
        assertThat(topAfter).as("the top mount is not forgotten: %s", figures).isGreaterThan(0.9);
    }

    /** Runs one step of the loop, noting how long it took among the figures. */
    private <T> T step(String name, Step<T> body) throws Exception {
        long t0 = System.nanoTime();
        T out = body.run();
        figures.put(name + " (s)", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return out;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private void startDevice() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        for (String f : List.of("vibration_int8.pt", "vibration_int8.json")) {
            Files.copy(REPO.resolve("models").resolve(f), models.resolve(f));
        }
        String yaml = """
                device_id: %s
                model: {path: %s, name: vibration-mlp, version: 1.0.0}
                source:
                  type: simulated-vibration
                  rate_hz: 400
                  scenario: [{state: normal, duration_s: 2}, {state: imbalance, duration_s: 2},
                             {state: misalignment, duration_s: 2}, {state: bearing_fault, duration_s: 2}]
                window: {size: 256, hop: 32}
                capture: {enabled: true, min_confidence: 0.9, min_margin: 0.5, sample_rate: 0.3,
                          rate_per_min: {low_confidence: 6000, low_margin: 6000, sample: 6000, rare_label: 6000}}
                mqtt: {broker: "%s"}
                outbox: {path: %s}
                control: {allow_unsigned: true, state_dir: %s}
                """.formatted(DEVICE, models.resolve("vibration_int8.pt"), live.url(), dir.resolve("outbox.db"),
                dir.resolve("state"));
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        DaemonConfig config = new ConfigLoader(Map.of("PATH", "/usr/bin:/bin")).load(file);
        scenario = new Scenario(((SimulatedVibrationConfig) config.first().source()).scenario());
        daemon = Daemon.start(config, Clock.systemUTC(), file);
    }

    /** Turns the sensor on its mount; returns when the new source runs, as epoch ms. */
    private long mount(String where) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("patch").putObject("source").put("mount", where);
        try (ControlClient c = new ControlClient(live.url(), "edgeinfer/" + DEVICE, new CommandSigner(null, Clock
                .systemUTC()))) {
            JsonNode r = c.await(c.send("config", body), "config", 30_000);
            assertThat(r).as("an answer to cmd/config").isNotNull();
            assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
        }
        return System.currentTimeMillis();
    }

    /**
     * The share of the predictions of model {@code version} over one whole cycle of the schedule
     * from its first window at {@code fromMs} or later (every state alike), of windows inside one step, that name the state the
     * simulator was in.
     */
    private double liveAccuracy(String phase, long fromMs, String version) {
        String topic = "edgeinfer/" + DEVICE + "/predictions";
        long cycleMs = scenario.cycleNanos() / 1_000_000;
        List<JsonNode> judged = new ArrayList<>();
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            judged.clear();
            List<JsonNode> served = live.probe().on(topic).stream().filter(p -> p.get("window_start_ms")
                    .asLong() >= fromMs && version.equals(p.get("model").get("version").asText())).toList();
            if (served.isEmpty()) {
                return false;
            }
            long untilMs = served.get(0).get("window_start_ms").asLong() + cycleMs;
            for (JsonNode p : served) {
                long start = p.get("window_start_ms").asLong();
                if (start < untilMs && truth(start, p.get("ts_ms").asLong()) != null) {
                    judged.add(p);
                }
            }
            return served.get(served.size() - 1).get("window_start_ms").asLong() >= untilMs;
        });
        assertThat(judged).as("windows of version %s in a cycle", version).hasSizeGreaterThan(MIN_WINDOWS);
        Map<String, int[]> byState = new TreeMap<>();
        for (JsonNode p : judged) {
            String state = truth(p.get("window_start_ms").asLong(), p.get("ts_ms").asLong()).key();
            int[] t = byState.computeIfAbsent(state, k -> new int[2]);
            t[0] += p.get("label").asText().equals(state) ? 1 : 0;
            t[1]++;
        }
        StringBuilder told = new StringBuilder();
        byState.forEach((k, t) -> told.append(k).append(' ').append(t[0]).append('/').append(t[1]).append(' '));
        figures.put(phase + ", per state", told.toString().trim());
        return byState.values().stream().mapToInt(t -> t[0]).sum() / (double) judged.size();
    }

    /** The state a window was taken in, or null when it spans a change of state. */
    private MachineState truth(long startMs, long endMs) {
        MachineState first = scenario.stateAt(startMs * 1_000_000);
        return first == scenario.stateAt(endMs * 1_000_000) ? first : null;
    }

    /**
     * {@code capture dataset} twice, as a technician would run it: once for the sheet, then, with
     * each row labelled and confirmed (here from the simulator's schedule; a window across a change
     * of state left unconfirmed), again for the dataset, holding a fifth of each label out as the
     * captured test set. Returns the rows confirmed.
     */
    private int labelled(Path home, Path dataset) throws Exception {
        assertThat(Main.execute("capture", "dataset", home.toString(), "--out", dataset.toString())).isZero();
        Path sheet = dataset.resolve("labels.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(sheet));
        int confirmed = 0;
        for (int i = 1; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",", 4);
            Path file = home.resolve(DEVICE).resolve("main").resolve(cells[0] + ".json");
            CaptureItem item = CaptureItem.read(Files.readAllBytes(file), cells[0]);
            MachineState state = truth(item.windowStartMs(), item.tsMs());
            if (state != null) {
                rows.set(i, cells[0] + "," + state.key() + ",yes," + cells[3]);
                confirmed++;
            }
        }
        Files.write(sheet, rows);
        assertThat(Main.execute("capture", "dataset", home.toString(), "--out", dataset.toString(), "--holdout",
                "0.2")).isZero();
        return confirmed;
    }

    private Path compress(Path captured) throws Exception {
        Path train = simulated("train.csv", 1, SensorMount.TOP, 800);
        Path out = dir.resolve("made");
        Path log = dir.resolve("compress.log");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "edgecompress.compress", "--data", train
                .toString(), "--test", simulated("top.csv", 2, SensorMount.TOP, 300).toString(), "--captured",
                captured.toString(), "--finetune-from", REPO.resolve("models/vibration_fp32.pt").toString(),
                "--teacher-widths", "64,32", "--labels", "normal,imbalance,misalignment,bearing_fault",
                "--variants", "teacher,teacher+int8", "--epochs", "5", "--threads", "1", "--model-version", "2.0.0",
                "--prefix", "vibration", "--out-dir", out.toString()).redirectErrorStream(true).redirectOutput(log
                        .toFile());
        pb.environment().put("PYTHONPATH", REPO.resolve("models/python").toString());
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done && p.exitValue() == 0).as("edgecompress: %s", Files.readString(log)).isTrue();
        return out;
    }

    private Path simulated(String name, long seed, SensorMount mount, int windows) throws Exception {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (Writer w = Files.newBufferedWriter(file)) {
                new SimulatedDataset(seed, 400, 256, mount).writeCsv(windows, w);
            }
        }
        return file;
    }

    /** Old and new on drifted and original simulated data and on the held-out captured rows. */
    private JsonNode bench(Path newModel, Path heldOut) throws Exception {
        Path side = simulated("side.csv", 4, SensorMount.SIDE, 300);
        Path top = simulated("top.csv", 2, SensorMount.TOP, 300);
        console.reset();
        int exit = Main.execute("bench", "models", REPO.resolve("models/vibration_int8.pt") + "," + newModel,
                "--data", side.toString(), "--data", top.toString(), "--data", heldOut.toString(), "--json",
                "--no-progress", "--runs", "300",
                "--warmup", "20");
        assertThat(exit).as(console.err()).isZero();
        return Json.mapper().readTree(console.out());
    }

    /** Copies the new model and its manifest into the device's model folder and pushes it by file URL. */
    private long push(Path newModel) throws Exception {
        Path models = dir.resolve("models");
        Path target = models.resolve("vibration_v2_int8.pt");
        Files.copy(newModel, target);
        Files.copy(newModel.resolveSibling("vibration_teacher_int8.json"), models.resolve("vibration_v2_int8.json"));
        assertThat(Main.execute("push-model", "--broker", live.url(), "--device", DEVICE, "--model", target
                .toString(), "--url", target.toUri().toString(), "--name", "vibration-mlp", "--version", "2.0.0"))
                .as(console.err()).isZero();
        return System.currentTimeMillis();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v * 100);
    }
}
