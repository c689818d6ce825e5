package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.hardware.sim.Adxl345Sim;
import io.edgeinfer.hardware.sim.ChipSignal;
import io.edgeinfer.hardware.sim.Mcp3008Sim;
import io.edgeinfer.hardware.sim.Mpu6050Sim;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.LiveBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon on each hardware source type: real drivers, Pi4J with the simulated board's
 * register-level chips, the demo model, a real broker and subscriber.
 */
class HardwareIT {
    private static final Path MODEL = Path.of("models/vibration_int8.pt").toAbsolutePath();

    @TempDir
    Path dev;

    private final SimulatedBoard board = new SimulatedBoard();
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");
    private Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        for (String n : List.of("i2c-1", "spidev0.0", "gpiochip0")) {
            Files.createFile(dev.resolve(n));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** A config on the demo vibration model (3 channels, window 256, hop 128) with this source. */
    private String yaml(String device, String source) {
        return """
                device_id: %s
                model:
                  path: %s
                  labels: [normal, imbalance, misalignment, bearing_fault]
                source:
                %s
                window: {size: 256, hop: 128}
                mqtt: {broker: "%s"}
                telemetry: {interval_s: 0.5}
                """.formatted(device, MODEL, source.indent(2).stripTrailing(), live.url());
    }

    private void start(String yaml) throws Exception {
        // Its state (outbox, model history) in the test's folder, never the user's.
        DaemonConfig config = new ConfigLoader(Map.of("XDG_STATE_HOME", dev.resolve("state").toString()), dev)
                .parse(yaml, Path.of("").toAbsolutePath());
        daemon = Daemon.start(config, Clock.systemUTC(), board::newContext);
    }

    private List<JsonNode> predictions(String device) {
        return live.probe().on("edgeinfer/" + device + "/predictions");
    }

    private JsonNode lastStatus(String device) {
        List<JsonNode> s = live.probe().on("edgeinfer/" + device + "/status");
        return s.isEmpty() ? null : s.get(s.size() - 1);
    }

    private static long count(List<JsonNode> preds, String label) {
        return preds.stream().filter(p -> p.get("label").asText().equals(label)).count();
    }

    @Test
    void adxl345OnI2cPublishesPredictionsOfTheMachineItMeasures() throws Exception {
        board.attachI2c(1, 0x53, new Adxl345Sim(ChipSignal.vibration(5, 400, MachineState.IMBALANCE)));
        start(yaml("hw-adxl", "type: adxl345\nbus: 1\naddress: 0x53\nrate_hz: 400\nrange_g: 4"));
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions("hw-adxl").size() >= 8);
        List<JsonNode> preds = predictions("hw-adxl");
        assertThat(count(preds, "imbalance")).as("imbalance among %s", preds.size()).isGreaterThanOrEqualTo(preds.size()
                * 8L / 10);
        assertThat(preds.get(0).get("flags")).isEmpty();
        assertThat(preds.get(0).get("input").isNull()).isTrue();
        // 256 samples at the chip's 400 Hz span 637.5 ms. The timestamps follow the chip's clock as
        // learnt from the drains (SampleClock), not the JVM's wake-ups: the median span within a few
        // ms of that; each window within 10 % while the estimate settles in the first seconds on a
        // machine so busy that the simulated chip's own thread runs late.
        long[] spans = preds.stream().mapToLong(p -> p.get("ts_ms").asLong() - p.get("window_start_ms").asLong())
                .sorted().toArray();
        assertThat(spans[spans.length / 2]).as("median of %s", Arrays.toString(spans)).isBetween(630L, 645L);
        assertThat(spans[0]).isGreaterThanOrEqualTo(574L);
        assertThat(spans[spans.length - 1]).isLessThanOrEqualTo(701L);
        assertThat(lastStatus("hw-adxl").get("health").asText()).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> !live.probe().on("edgeinfer/hw-adxl/telemetry").isEmpty());
        JsonNode source = live.probe().on("edgeinfer/hw-adxl/telemetry").get(0).get("source");
        assertThat(source.get("health").asText()).isEqualTo("ok");
        assertThat(source.get("samples_lost_total").asLong()).isNotNegative();
    }

    @Test
    void aMissingSensorIsDegradedOnTheStatusTopicAndRecoversWhenPluggedIn() throws Exception {
        Adxl345Sim chip = new Adxl345Sim(ChipSignal.vibration(6, 400, MachineState.NORMAL));
        chip.setPresent(false);
        board.attachI2c(1, 0x53, chip);
        start(yaml("hw-gone", "type: adxl345"));
        await().atMost(Duration.ofSeconds(20)).until(() -> lastStatus("hw-gone") != null
                && lastStatus("hw-gone").get("health").asText().equals("degraded"));
        JsonNode degraded = lastStatus("hw-gone");
        assertThat(degraded.get("state").asText()).isEqualTo("online");
        assertThat(degraded.get("reason").asText()).contains("ADXL345 at 0x53 on /dev/i2c-1", "Remote I/O error");
        assertThat(daemon.registry().scrape()).contains("edgeinfer_health_degraded{pipeline=\"main\"} 1.0");
        assertThat(predictions("hw-gone")).isEmpty();

        chip.setPresent(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> lastStatus("hw-gone").get("health").asText().equals("ok")
                && predictions("hw-gone").size() >= 2);
        assertThat(lastStatus("hw-gone").get("reason").isNull()).isTrue();
        assertThat(daemon.registry().scrape()).contains("edgeinfer_health_degraded{pipeline=\"main\"} 0.0",
                "edgeinfer_source_errors_total");
    }

    @Test
    void stuckAndSaturatedSignalsAreFlaggedInPredictionsAndTelemetry() throws Exception {
        Adxl345Sim chip = new Adxl345Sim(ChipSignal.constant(0.01, -0.02, 1.0));
        board.attachI2c(1, 0x53, chip);
        start(yaml("hw-flags", "type: adxl345"));
        await().atMost(Duration.ofSeconds(20)).until(() -> predictions("hw-flags").size() >= 2);
        assertThat(predictions("hw-flags").get(1).get("flags").toString()).isEqualTo("[\"stuck\"]");

        // A violent machine at +-2 g: the signal clips at the rails.
        ChipSignal loud = ChipSignal.vibration(7, 400, MachineState.IMBALANCE);
        chip.setSignal((i, t, out) -> {
            loud.sample(i, t, out);
            for (int c = 0; c < 3; c++) {
                out[c] *= 6;
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> predictions("hw-flags").stream()
                .filter(p -> p.get("flags").toString().equals("[\"saturated\"]")).count() >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<JsonNode> t = live.probe().on("edgeinfer/hw-flags/telemetry");
            return !t.isEmpty() && t.get(t.size() - 1).get("source").get("saturated_windows_total").asLong() >= 2;
        });
        List<JsonNode> t = live.probe().on("edgeinfer/hw-flags/telemetry");
        assertThat(t.get(t.size() - 1).get("source").get("stuck_windows_total").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void mpu6050PublishesPredictionsFromItsAccelerometer() throws Exception {
        board.attachI2c(1, 0x68, new Mpu6050Sim(ChipSignal.vibration(8, 400, MachineState.MISALIGNMENT)));
        start(yaml("hw-mpu", "type: mpu6050\nrate_hz: 400\naccel_range_g: 4\naxes: [ax, ay, az]"));
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions("hw-mpu").size() >= 8);
        List<JsonNode> preds = predictions("hw-mpu");
        assertThat(count(preds, "misalignment")).as("of %s", preds.size()).isGreaterThanOrEqualTo(preds.size() * 8L
                / 10);
    }

    @Test
    void mcp3008PublishesPredictionsOfItsAnalogueChannels() throws Exception {
        // An analogue accelerometer (1.65 V at 0 g, 0.3 V/g) on three inputs: the machine's imbalance.
        board.attachSpi(0, 0, new Mcp3008Sim(3.3, (ch, t) -> 1.65 + 0.3 * (ch == 2 ? 1 : 0)
                + 0.3 * 0.5 * Math.sin(2 * Math.PI * 25 * t / 1e9 + ch * Math.PI / 2)));
        start(yaml("hw-adc", "type: mcp3008\ninputs: [0, 1, 2]\nrate_hz: 400"));
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions("hw-adc").size() >= 3);
        JsonNode p = predictions("hw-adc").get(1);
        assertThat(p.get("scores").size()).isEqualTo(4);
        assertThat(p.get("flags")).isEmpty();
        assertThat(p.get("ts_ms").asLong() - p.get("window_start_ms").asLong()).isBetween(600L, 700L);
    }

    @Test
    void aGpioGateLetsWindowsThroughOnlyWhileTheMachineRuns() throws Exception {
        board.attachI2c(1, 0x53, new Adxl345Sim(ChipSignal.vibration(9, 400, MachineState.BEARING_FAULT)));
        start(yaml("hw-gate", "type: adxl345\ntrigger: {pin: 17, mode: gate, debounce_ms: 10}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<JsonNode> t = live.probe().on("edgeinfer/hw-gate/telemetry");
            return !t.isEmpty() && t.get(t.size() - 1).get("source").get("gated_windows_total").asLong() >= 3;
        });
        assertThat(predictions("hw-gate")).isEmpty();
        long on = System.currentTimeMillis();
        board.setInput(17, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> predictions("hw-gate").size() >= 3);
        // Only windows that began after the machine started.
        assertThat(predictions("hw-gate")).allMatch(p -> p.get("window_start_ms").asLong() >= on);
        board.setInput(17, false);
        double gated = gated();
        // Once a window has been held back the gate is shut: nothing more gets through.
        await().atMost(Duration.ofSeconds(5)).until(() -> gated() > gated);
        int after = predictions("hw-gate").size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> predictions("hw-gate")
                .size() == after);
    }

    private double gated() {
        return daemon.registry().get("edgeinfer.windows.gated").functionCounter().count();
    }
}
