package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelOutput;
import io.edgeinfer.model.QuantizedEngines;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.platform.StartupChecks;
import io.edgeinfer.sensor.SimulatedDataset;
import io.edgeinfer.systemd.NotifySocketServer;
import io.edgeinfer.systemd.SystemdService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small suite deploy/arm-smoke.sh runs in an arm64 JVM under qemu-user pinned to a Raspberry
 * Pi's CPU: start-up checks, both demo models, the int8 engine, one pipeline window to a broker and
 * READY to systemd. It holds on any architecture, so the x86 build runs it too and it cannot rot.
 * The script says which CPU it emulates through EDGEINFER_EXPECT_CPU and EDGEINFER_EXPECT_ATOMICS.
 */
class ArmSmokeTest {
    private static final List<String> LABELS = Arrays.stream(MachineState.values()).map(MachineState::key).toList();
    private static final String ARCH = System.getProperty("os.arch");
    private static Path cache;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        String c = System.getenv("EDGEINFER_SMOKE_CACHE");
        cache = c != null ? Path.of(c) : Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl");
        DjlEngine.configure(cache, 1);
        System.out.println("arm-smoke: os.arch=" + ARCH + " java=" + System.getProperty("java.version"));
    }

    @Test
    void startupChecksPassOnThisCpu() throws Exception {
        StartupChecks checks = StartupChecks.system();
        System.out.println("arm-smoke: " + checks.summary(cache));
        assertThat(checks.check(cache, List.of())).isEmpty();
        String cpu = System.getenv("EDGEINFER_EXPECT_CPU");
        if (cpu != null) {
            assertThat(checks.host().cpu()).isEqualTo(cpu);
        }
        String atomics = System.getenv("EDGEINFER_EXPECT_ATOMICS");
        if (atomics != null) {
            // Proves the emulated CPU is the pinned one: qemu's default accepts every instruction.
            assertThat(checks.host().cpuFeatures().contains("atomics")).as("LSE atomics in HWCAP")
                    .isEqualTo(Boolean.parseBoolean(atomics));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vibration_fp32.pt", "vibration_int8.pt"})
    void demoModelsClassifySimulatedWindows(String file) throws Exception {
        SimulatedDataset data = new SimulatedDataset(77, 400, 256);
        PostProcessor post = new PostProcessor(LABELS);
        int n = 20;
        int correct = 0;
        long t0 = System.nanoTime();
        try (DjlModelRunner m = DjlModelRunner.load(Path.of("models", file), "demo", "1", LABELS, 3, 256)) {
            for (int i = 0; i < n; i++) {
                SimulatedDataset.LabelledWindow lw = data.window(i);
                ModelOutput out = m.predict(new Window(i, 0, 0, System.nanoTime(), 3, 256, lw.data()));
                if (post.classify(out.logits()).label().equals(lw.state().key())) {
                    correct++;
                }
            }
        }
        System.out.printf("arm-smoke: %s %d/%d correct, %.1f ms per window (load included)%n", file, correct, n,
                (System.nanoTime() - t0) / 1e6 / n);
        assertThat(correct).isGreaterThanOrEqualTo(18);
    }

    @Test
    void int8OperatorsRunOnTheArmEngineQnnpack() throws Exception {
        // DjlEngine.configure (in engine()) made the daemon's choice, as it does in production.
        QuantizedEngines q = QuantizedEngines.open();
        String engine = q.current();
        System.out.println("arm-smoke: quantized engine " + engine + " of " + q.supported());
        if (ARCH.equals("aarch64")) {
            assertThat(engine).isEqualTo("qnnpack");
            // x86's engine does not exist here: refused, not set (setting it would abort the JVM).
            assertThatThrownBy(() -> q.set("x86")).isInstanceOf(IllegalArgumentException.class);
            assertThat(q.current()).isEqualTo("qnnpack");
        } else {
            // Off ARM the start keeps libtorch's default; a test that loaded an int8 model in this JVM
            // may have moved it to the engine that model's manifest names since.
            assertThat(q.supported()).contains("x86", "qnnpack", engine);
        }
    }

    @Test
    void aWindowIsPublishedToTheBrokerAndSystemdHearsReady() throws Exception {
        // deploy/arm-smoke.sh passes a mosquitto on the host: the daemon's publishing is under test
        // here, not an emulated broker, which would only add minutes.
        String broker = System.getenv().getOrDefault("EDGEINFER_SMOKE_BROKER", "embedded");
        DaemonConfig config = TestConfigs.config(broker, "arm-1");
        try (NotifySocketServer systemd = NotifySocketServer.atPath(dir.resolve("notify"));
                Daemon daemon = Daemon.start(config, Clock.systemUTC());
                MqttProbe probe = new MqttProbe(daemon.brokerUrl(), "edgeinfer/arm-1/predictions");
                SystemdService service = SystemdHooks.attach(daemon, Map.of("NOTIFY_SOCKET", systemd.name()))) {
            await().atMost(Duration.ofMinutes(3)).until(() -> !probe.on("edgeinfer/arm-1/predictions").isEmpty());
            JsonNode p = probe.on("edgeinfer/arm-1/predictions").get(0);
            System.out.println("arm-smoke: published " + p);
            assertThat(p.get("label").asText()).isIn(LABELS);
            await().atMost(Duration.ofMinutes(1)).until(() -> systemd.received().stream().anyMatch(s -> s.startsWith(
                    "READY=1")));
        }
    }
}
