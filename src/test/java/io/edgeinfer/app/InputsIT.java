package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.camera.Recorded;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.sensor.VibrationSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The daemon on the camera, image-dir and csv-replay sources, to a real broker and subscriber. */
class InputsIT {
    private static final Path SHAPES = Path.of("models/shapes_int8.pt").toAbsolutePath();
    private static final Path VIBRATION = Path.of("models/vibration_int8.pt").toAbsolutePath();

    @TempDir
    Path dir;

    private final SimulatedBoard board = new SimulatedBoard();
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    private Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dir.resolve("dev/gpiochip0"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String shapesYaml(String device, String source) {
        return """
                device_id: %s
                model:
                  path: %s
                  labels: [empty, hex_nut, square_plate, triangle_bracket, washer]
                source:
                %s
                  image: {width: 64, height: 64, resize: 64}
                pipeline: {queue_capacity: 32, overflow: block}
                mqtt: {broker: "%s"}
                telemetry: {interval_s: 0.5}
                """.formatted(device, SHAPES, source.indent(2).stripTrailing(), live.url());
    }

    private void start(String yaml) throws Exception {
        DaemonConfig config = new ConfigLoader(Map.of("PATH", "/usr/bin:/bin", "XDG_STATE_HOME", dir.resolve("state")
                .toString()),
                dir.resolve("dev")).parse(yaml, dir);
        daemon = Daemon.start(config, Clock.systemUTC(), board::newContext);
    }

    private List<JsonNode> predictions(String device) {
        return live.probe().on("edgeinfer/" + device + "/predictions");
    }

    @Test
    void aCameraStreamIsClassifiedFrameByFrameAndItsProcessRestartedWhenItExits() throws Exception {
        start(shapesYaml("cam-1", "type: camera\ncommand: [cat, '" + Recorded.STREAM + "']"));
        List<String> labels = Recorded.labels();
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions("cam-1").size() >= 20);
        List<JsonNode> first = predictions("cam-1").subList(0, 20);
        long right = 0;
        for (int i = 0; i < 20; i++) {
            right += first.get(i).get("label").asText().equals(labels.get(i)) ? 1 : 0;
        }
        assertThat(right).as("frames classified as recorded").isGreaterThanOrEqualTo(18);
        assertThat(first.get(0).get("scores").size()).isEqualTo(5);
        assertThat(first.get(0).get("flags")).isEmpty();
        // cat exits after the stream: restarted, degraded meanwhile, then the frames come again.
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions("cam-1").size() >= 40);
        List<JsonNode> status = live.probe().on("edgeinfer/cam-1/status");
        assertThat(status).anyMatch(s -> s.get("health").asText().equals("degraded")
                && s.get("reason").asText().contains("camera process cat exited with code 0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<JsonNode> t = live.probe().on("edgeinfer/cam-1/telemetry");
            return !t.isEmpty() && t.get(t.size() - 1).get("source").get("restarts_total").asLong() >= 1;
        });
    }

    @Test
    void imagesDroppedIntoTheFolderAreClassifiedOnceEachUnderTheirNames() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        start(shapesYaml("dir-1", "type: image-dir\npath: inbox\ndone_dir: done\nsettle_ms: 50"));
        List<byte[]> frames = Recorded.frames();
        List<String> labels = Recorded.labels();
        for (int i = 0; i < 5; i++) {
            Path tmp = Files.write(dir.resolve("part-" + i + ".tmp"), frames.get(i));
            Files.move(tmp, inbox.resolve(String.format(Locale.ROOT, "part-%d.jpg", i)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions("dir-1").size() >= 5);
        List<JsonNode> preds = predictions("dir-1");
        assertThat(preds).extracting(p -> p.get("input").asText())
                .containsExactly("part-0.jpg", "part-1.jpg", "part-2.jpg", "part-3.jpg", "part-4.jpg");
        for (int i = 0; i < 5; i++) {
            assertThat(preds.get(i).get("label").asText()).as(preds.get(i).get("input").asText()).isEqualTo(labels.get(
                    i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve("done/part-4.jpg")));
        assertThat(Files.list(inbox).filter(Files::isRegularFile).count()).isZero();
    }

    @Test
    void anEdgeTriggerTakesOneFramePerActivation() throws Exception {
        start(shapesYaml("cam-edge", """
                type: camera
                command: [sh, -c, "while :; do cat '%s'; sleep 0.3; done"]
                trigger: {pin: 22, mode: edge, debounce_ms: 5}""".formatted(Recorded.STREAM)));
        await().atMost(Duration.ofSeconds(20)).until(() -> gated() >= 20);
        assertThat(predictions("cam-edge")).isEmpty();
        board.setInput(22, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> predictions("cam-edge").size() == 1);
        board.setInput(22, false);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> predictions("cam-edge")
                .size() == 1);
        board.setInput(22, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> predictions("cam-edge").size() == 2);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> predictions("cam-edge")
                .size() == 2);
    }

    private double gated() {
        return daemon.registry().get("edgeinfer.windows.gated").functionCounter().count();
    }

    @Test
    void aCsvRecordingIsReplayedAtItsPaceIntoPredictions() throws Exception {
        // Two seconds of a misaligned machine at 400 Hz, recorded with times in seconds.
        VibrationSignal signal = new VibrationSignal(12, 400);
        float[] xyz = new float[3];
        StringBuilder csv = new StringBuilder("time,x,y,z\n");
        for (int i = 0; i < 800; i++) {
            signal.next(MachineState.MISALIGNMENT, xyz, 0);
            csv.append(String.format(Locale.ROOT, "%.4f,%.5f,%.5f,%.5f%n", 100 + i / 400.0, xyz[0], xyz[1], xyz[2]));
        }
        Files.writeString(dir.resolve("press.csv"), csv);
        start("""
                device_id: csv-1
                model:
                  path: %s
                  labels: [normal, imbalance, misalignment, bearing_fault]
                source: {type: csv-replay, path: press.csv, time_column: time}
                window: {size: 256, hop: 128}
                mqtt: {broker: "%s"}
                """.formatted(VIBRATION, live.url()));
        long t0 = System.currentTimeMillis();
        // (800 - 256) / 128 + 1 = 5 windows, the last complete 2 s after the start.
        await().atMost(Duration.ofSeconds(20)).until(() -> predictions("csv-1").size() >= 5);
        assertThat(System.currentTimeMillis() - t0).isGreaterThan(1500);
        assertThat(predictions("csv-1")).allMatch(p -> p.get("label").asText().equals("misalignment"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> predictions("csv-1")
                .size() == 5);
    }
}
