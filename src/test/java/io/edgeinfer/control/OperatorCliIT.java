package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgeinfer keygen} and {@code edgeinfer push-model} as an operator runs them, against a running daemon. */
class OperatorCliIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", args[0]).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void keygenThenPushModelSignedInlineAndByUrlWithExitCodesThatTellTheOutcome() throws Exception {
        Result keys = run("keygen", "--out", dir.resolve("ops").toString());
        assertThat(keys.exit()).as(keys.err()).isZero();
        assertThat(keys.out()).contains("key_id: ").contains("control.trusted_keys entry: MCowBQYDK2VwAyEA");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ops.key"))).isEqualTo(PosixFilePermissions.fromString(
                "rw-------"));
        Result again = run("keygen", "--out", dir.resolve("ops").toString());
        assertThat(again.exit()).isEqualTo(64);
        assertThat(again.err()).contains("exists; not overwritten");
        assertThat(run("keygen", "--out", dir.resolve("intruder").toString()).exit()).isZero();

        Path home = Files.createDirectories(dir.resolve("device"));
        try (ControlHarness h = new ControlHarness(home, "cli-1", 32, "", """
                trusted_keys: [%s]
                rollback: {watch_s: 60, min_windows: 20}
                """.formatted(dir.resolve("ops.pub")), null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> h.lastSeq() >= 5);
            String broker = h.broker.url();
            Result inline = run("push-model", "--broker", broker, "--device", "cli-1", "--key", dir.resolve("ops.key")
                    .toString(),
                    "--model", h.modelDir.resolve("vibration_fp32.pt").toString(), "--name", "vibration-mlp",
                    "--chunk-kb", "32");
            assertThat(inline.exit()).as(inline.out() + inline.err()).isZero();
            assertThat(inline.err()).contains("chunk 4/4 sent");
            assertThat(inline.out()).contains("\"ok\" : true").contains(ControlHarness.FP32);
            assertThat(h.servingNow()).isEqualTo(ControlHarness.FP32);

            Path int8 = h.modelDir.resolve("vibration_int8.pt");
            Result byUrl = run("push-model", "--broker", broker, "--device", "cli-1", "--key", dir.resolve("ops.key")
                    .toString(),
                    "--model", int8.toString(), "--url", int8.toUri().toString(), "--version", "1.0.1");
            assertThat(byUrl.exit()).as(byUrl.out() + byUrl.err()).isZero();
            assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);

            Result intruder = run("push-model", "--broker", broker, "--device", "cli-1", "--key",
                    dir.resolve("intruder.key").toString(), "--model", int8.toString(), "--url", int8.toUri()
                            .toString());
            assertThat(intruder.exit()).isEqualTo(1);
            assertThat(intruder.out()).contains("\"code\" : \"unknown_key\"");

            Path lateFail = h.modelDir.resolve("late_fail.pt");
            Result watched = run("push-model", "--broker", broker, "--device", "cli-1", "--key", dir.resolve("ops.key")
                    .toString(),
                    "--model", lateFail.toString(), "--url", lateFail.toUri().toString(), "--watch");
            assertThat(watched.exit()).as("rolled back during the watch: " + watched.out() + watched.err()).isEqualTo(
                    1);
            assertThat(watched.out()).contains("\"automatic\" : true");
            assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);

            Result nobody = run("push-model", "--broker", broker, "--device", "no-such-device", "--model", int8
                    .toString(),
                    "--url", int8.toUri().toString(), "--timeout", "3");
            assertThat(nobody.exit()).isEqualTo(69);
            assertThat(nobody.err()).contains("no answer from no-such-device within 3 s");
        }
    }
}
