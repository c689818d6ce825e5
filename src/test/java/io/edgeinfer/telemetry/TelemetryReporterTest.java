package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.ModelOutput;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.RecordingPublisher;
import io.edgeinfer.mqtt.TelemetryMessage;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.WindowQueue;
import io.edgeinfer.telemetry.board.CommandRunner;
import io.edgeinfer.telemetry.board.Fixtures;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.Thermals;
import io.edgeinfer.telemetry.board.Vcgencmd;
import io.edgeinfer.telemetry.power.ManualNanoClock;
import io.edgeinfer.telemetry.power.PmicMeter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reporter on a real inference loop, with a fake Pi 5 (recorded vcgencmd, fake sysfs) and a manual clock. */
class TelemetryReporterTest {
    private static final ModelInfo MODEL = new ModelInfo("m", "2.0", "a".repeat(64), 0, List.of("a", "b"));

    @TempDir
    Path root;

    private final WindowQueue queue = new WindowQueue(100, Overflow.BLOCK);
    private final PipelineStats stats = new PipelineStats(queue);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC);
    private final ManualNanoClock nanos = new ManualNanoClock();
    private final AtomicLong modelNanos = new AtomicLong(2_000);
    private final AtomicInteger done = new AtomicInteger();
    private final Map<String, String> vcgencmd = new ConcurrentHashMap<>();
    private InferenceLoop loop;

    /** A model whose reported inference time the test sets. */
    private final ModelRunner model = new ModelRunner() {
        @Override
        public ModelInfo info() {
            return MODEL;
        }

        @Override
        public ModelOutput predict(Window window) throws InferenceException {
            return new ModelOutput(new float[]{1, 0}, 1_000, modelNanos.get());
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(1000);
        }
    }

    private void infer(int windows) throws InterruptedException {
        if (loop == null) {
            loop = new InferenceLoop(queue, model, new PostProcessor(MODEL.labels()), p -> done.incrementAndGet(),
                    stats, t -> {
                    });
            loop.start();
        }
        int target = done.get() + windows;
        for (int i = 0; i < windows; i++) {
            loop.submit(new Window(i, 0, 0, System.nanoTime(), 1, 1, new float[1]));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == target);
    }

    /** A Raspberry Pi 5 as its files and firmware answer. */
    private TelemetrySources pi5(Double idleW) {
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/temp", "61300\n");
        Fixtures.write(root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "2400000\n");
        vcgencmd.put("pmic_read_adc", Fixtures.vcgencmd("pi5-pmic_read_adc.txt"));
        vcgencmd.put("get_throttled", Fixtures.vcgencmd("pi5-get_throttled.txt"));
        CommandRunner runner = (cmd, timeout) -> Fixtures.vcgencmdAnswering(Map.copyOf(vcgencmd)).run(cmd, timeout);
        Vcgencmd v = new Vcgencmd(runner);
        return new TelemetrySources(new PmicMeter(v), idleW, new Thermals(HostPaths.under(root)), v, () -> MODEL, null,
                nanos, null);
    }

    /** A host that can tell nothing: no meter, no thermal files, no vcgencmd. */
    private TelemetrySources bare() {
        return new TelemetrySources(null, null, new Thermals(HostPaths.under(root)), new Vcgencmd(Fixtures
                .noVcgencmd()),
                () -> MODEL, null, nanos, null);
    }

    private TelemetryReporter reporter(TelemetrySources sources) {
        TelemetryConfig c = new TelemetryConfig(10, 1, PowerMode.AUTO, sources.idleW(), null, null, 1.5);
        return new TelemetryReporter(stats, publisher, "t", "boot", clock, c, sources);
    }

    @Test
    void snapshotCountsTheIntervalAndThenResetsPercentiles() throws Exception {
        TelemetryReporter r = reporter(bare());
        infer(10);
        nanos.advanceSeconds(2);
        TelemetryMessage m = r.snapshot();
        assertThat(m.tsMs()).isEqualTo(1_800_000_000_000L);
        assertThat(m.bootId()).isEqualTo("boot");
        assertThat(m.intervalS()).isEqualTo(2.0);
        assertThat(m.model().version()).isEqualTo("2.0");
        assertThat(m.pipeline().inferencesTotal()).isEqualTo(10);
        assertThat(m.pipeline().windowsInTotal()).isEqualTo(10);
        assertThat(m.pipeline().windowsOutTotal()).isEqualTo(10);
        assertThat(m.pipeline().rateHz()).isEqualTo(5.0);
        // The model reports 2 us of inference and 1 us of preprocessing for every window.
        assertThat(m.pipeline().inferenceMs().p50()).isEqualTo(0.002);
        assertThat(m.pipeline().preprocessMs().max()).isEqualTo(0.001);
        assertThat(m.pipeline().publishMs().p50()).isNotNull();
        assertThat(m.pipeline().latencyMs().p99()).isLessThanOrEqualTo(m.pipeline().latencyMs().max());
        assertThat(m.process().heapUsedMb()).isPositive();
        assertThat(m.process().jvmThreads()).isPositive();

        nanos.advanceSeconds(1);
        TelemetryMessage next = r.snapshot();
        assertThat(next.pipeline().inferencesTotal()).isEqualTo(10);
        assertThat(next.pipeline().rateHz()).isZero();
        assertThat(next.pipeline().latencyMs().p50()).as("no inference in the interval: null, not 0").isNull();
        assertThat(next.pipeline().publishMs().p99()).isNull();
    }

    @Test
    void aHostThatCannotTellPublishesNullsNeverZeros() throws Exception {
        TelemetryReporter r = reporter(bare());
        infer(3);
        nanos.advanceSeconds(1);
        JsonNode j = Json.mapper().readTree(Json.encode(r.snapshot()));
        for (String f : List.of("power_w", "power_source", "energy_mj_per_inference",
                "energy_marginal_mj_per_inference",
                "cpu_temp_c", "cpu_freq_mhz", "throttled", "latency_degraded_while_throttled", "outbox_depth",
                "outbox_dropped_total")) {
            assertThat(j.has(f)).as("%s is present", f).isTrue();
            assertThat(j.get(f).isNull()).as("%s is null: %s", f, j).isTrue();
        }
    }

    @Test
    void pi5PowerAndEnergyPerInferenceFollowTheirDefinitions() throws Exception {
        TelemetryReporter r = reporter(pi5(2.5));
        r.sampleNow();
        infer(10);
        nanos.advanceSeconds(4);
        r.sampleNow();
        nanos.advanceSeconds(6);
        double busyS = stats.busySecondsTotal();
        TelemetryMessage m = r.snapshot();

        assertThat(m.power().powerSource()).isEqualTo("pmic");
        assertThat(m.power().powerW()).isCloseTo(7.24, within(1e-3)); // the recorded rails, every reading
        // Attributed: P x B / N.  Marginal: (P - idle) x T / N = (7.2398 - 2.5) x 10 s / 10.
        assertThat(m.power().energyMjPerInference()).isCloseTo(7.2398 * busyS / 10 * 1000, within(1e-4));
        assertThat(m.power().energyMarginalMjPerInference()).isCloseTo(4739.8, within(0.1));
        assertThat(m.power().idleW()).isEqualTo(2.5);
        assertThat(m.pipeline().inferenceBusyPercent()).isCloseTo(100 * busyS / 10, within(0.01));

        assertThat(m.thermal().cpuTempC()).isEqualTo(61.3);
        assertThat(m.thermal().cpuFreqMhz()).isEqualTo(2400.0);
        assertThat(m.thermal().throttled().raw()).isEqualTo("0x0");
        assertThat(m.thermal().throttled().now().throttled()).isFalse();
        assertThat(m.thermal().latencyDegradedWhileThrottled()).as("not throttled").isFalse();
    }

    @Test
    void anIntervalWithoutInferencesHasPowerButNoEnergyPerInference() throws Exception {
        TelemetryReporter r = reporter(pi5(null));
        r.sampleNow();
        nanos.advanceSeconds(10);
        TelemetryMessage m = r.snapshot();
        assertThat(m.power().powerW()).isCloseTo(7.24, within(1e-3));
        assertThat(m.power().energyMjPerInference()).isNull();
        assertThat(m.power().energyMarginalMjPerInference()).isNull();
    }

    @Test
    void aMeterThatFailsMostOfTheIntervalGivesNoPowerFigure() throws Exception {
        TelemetryReporter r = reporter(pi5(null));
        r.sampleNow();
        nanos.advanceSeconds(2);
        r.sampleNow(); // 2 s covered
        vcgencmd.remove("pmic_read_adc");
        nanos.advanceSeconds(8);
        assertThat(r.snapshot().power().powerW()).as("2 s of 10 covered").isNull();
    }

    @Test
    void p99DegradationIsFlaggedOnlyWhileThrottled() throws Exception {
        TelemetryReporter r = reporter(pi5(null));
        for (int i = 0; i < ThrottleLatencyRule.MIN_BASELINE; i++) {
            infer(ThrottleLatencyRule.MIN_INFERENCES);
            nanos.advanceSeconds(10);
            assertThat(r.snapshot().thermal().latencyDegradedWhileThrottled()).isFalse();
        }
        modelNanos.set(10_000); // the model is 5x slower from now on
        infer(ThrottleLatencyRule.MIN_INFERENCES);
        nanos.advanceSeconds(10);
        TelemetryMessage unthrottled = r.snapshot();
        assertThat(unthrottled.thermal().latencyDegradedWhileThrottled()).as("slow but not throttled").isFalse();

        vcgencmd.put("get_throttled", Fixtures.vcgencmd("pi4-get_throttled.txt")); // soft temperature limit now
        infer(ThrottleLatencyRule.MIN_INFERENCES);
        nanos.advanceSeconds(10);
        TelemetryMessage throttled = r.snapshot();
        assertThat(throttled.thermal().throttled().now().softTempLimit()).isTrue();
        assertThat(throttled.thermal().inferenceP99BaselineMs()).isEqualTo(0.002);
        assertThat(throttled.thermal().latencyDegradedWhileThrottled()).isTrue();
    }

    @Test
    void publishesOnTheSchedulerAndOnceMoreOnClose() throws Exception {
        TelemetryConfig c = TelemetryConfig.every(0.1);
        TelemetrySources s = new TelemetrySources(null, null, new Thermals(HostPaths.under(root)),
                new Vcgencmd(Fixtures.noVcgencmd()), () -> MODEL, null, System::nanoTime, null);
        TelemetryReporter r = new TelemetryReporter(stats, publisher, "edgeinfer/d/telemetry", "boot", clock, c, s);
        r.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.messages().size() >= 2);
        r.close();
        int after = publisher.messages().size();
        JsonNode last = Json.mapper().readTree(publisher.messages().get(after - 1).payload());
        assertThat(last.get("boot_id").asText()).isEqualTo("boot");
        assertThat(last.has("latency_ms")).isTrue();
        assertThat(publisher.messages()).allSatisfy(m -> assertThat(m.topic()).isEqualTo("edgeinfer/d/telemetry"));
        r.close();
        assertThat(publisher.messages()).hasSize(after);
    }
}
