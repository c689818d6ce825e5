package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input benchmarks run through the launcher and report their figures and ratio (not their values). */
class BenchInputsIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();

    @TempDir
    Path dir;

    private String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
        return Files.readString(dir.resolve("out"));
    }

    @Test
    void samplingBenchComparesTheFifoPathWithJvmPacing() throws Exception {
        String out = run("bench-sampling", "--rate", "400", "--seconds", "1", "--rounds", "1");
        assertThat(out).containsPattern("FIFO \\(ADXL345, chip clock\\)\\s+\\d+\\s+\\d+\\s+\\d+\\.\\d");
        assertThat(out).containsPattern("system clock \\(MCP3008, JVM-paced\\)\\s+\\d+");
        assertThat(out).containsPattern("ratio gap p99 FIFO / JVM-paced: \\d+\\.\\d{3}");
    }

    @Test
    void cameraBenchComparesInt8WithFp32() throws Exception {
        String out = run("bench-camera", "--frames", "20", "--rounds", "1", "--width", "320", "--height", "240",
                "--model", Path.of("models/shapes_fp32.pt").toAbsolutePath() + "," + Path.of("models/shapes_int8.pt")
                        .toAbsolutePath());
        assertThat(out).containsPattern("shapes_fp32.pt\\s+\\d+\\.\\d");
        assertThat(out).containsPattern("shapes_int8.pt\\s+\\d+\\.\\d");
        assertThat(out).containsPattern("ratio shapes_int8.pt / shapes_fp32.pt: frames/s \\d+\\.\\d{3}");
    }
}
