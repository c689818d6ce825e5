package io.edgeinfer.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up checks through bin/edgeinfer: message on stderr, the problem's exit code, nothing published. */
class PlatformChecksIT {
    @TempDir
    Path dir;

    private record Result(int exit, String err) {
    }

    private Result launch(String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin/edgeinfer").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt")
                .toFile());
        pb.environment().put("EDGEINFER_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")));
    }

    private Path config(String broker, String device, String extraModelKey) throws Exception {
        String yaml = TestConfigs.yaml(broker, device).replace("models/vibration_int8.pt",
                Path.of("models/vibration_int8.pt").toAbsolutePath().toString());
        yaml = yaml.replace("  labels: [normal", extraModelKey + "\n  labels: [normal");
        return Files.writeString(dir.resolve(device + ".yaml"), yaml);
    }

    @Test
    void nativesOfAnotherArchitectureExit71NamingThePackageToInstall() throws Exception {
        Path cfg = config("embedded", "p-1", "");
        Result r = launch("-Dos.arch=aarch64", "check-config", cfg.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(71);
        assertThat(r.err()).contains("built for x86_64 but this machine is aarch64", "edgeinfer_VERSION_arm64.deb");
    }

    @Test
    void a32BitArmJavaExit71SayingToInstallThe64BitOs() throws Exception {
        Path cfg = config("embedded", "p-2", "");
        Result r = launch("-Dos.arch=arm", "check-config", cfg.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(71);
        assertThat(r.err()).contains("32-bit ARM", "64-bit Raspberry Pi OS");
    }

    @Test
    void anUnusableNativeCacheExits73BeforeAnythingIsPublished() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "#")) {
            Path cfg = config(broker.url(), "p-3", "  cache_dir: " + file.resolve("djl"));
            Result r = launch("", "run", "--config", cfg.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(73);
            assertThat(r.err()).contains("cannot create the native cache", "model.cache_dir");
            assertThat(probe.all()).isEmpty();
        }
    }
}
