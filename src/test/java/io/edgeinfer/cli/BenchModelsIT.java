package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/edgeinfer bench --models ... --data ...} as a user runs it, on the committed tiny
 * models: arg-max is right on 7 of tiny.csv's 10 rows, arg-min on 2 (see make_tiny.py).
 */
class BenchModelsIT {
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();
    private static final Path TINY = Path.of("src/test/resources/bench").toAbsolutePath();

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "bench"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err")
                .toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    @Test
    void markdownTableForAFolderOfModelsPlusOneThatDoesNotFit() throws Exception {
        Result r = run("--models", TINY + "," + Path.of("models/vibration_fp32.pt").toAbsolutePath(), "--data",
                TINY.resolve("tiny.csv").toString(), "--runs", "20", "--warmup", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern(
                "\\| tiny_argmax \\*? ?\\| ok \\| 70\\.00 % \\| [0-9.]+ \\|.*\\| 3,438 \\| 12 \\| 3 \\| 9 \\|");
        assertThat(r.out()).containsPattern(
                "\\| tiny_argmin_int8 \\*? ?\\| ok \\| 20\\.00 % \\|.*\\| 45 \\| 12 \\| 36 \\|.*\\| qnnpack \\| 2/2 \\|");
        assertThat(r.out()).contains("| vibration_fp32 | input [1, 3, 256] does not fit the data's [1, 3, 4] |");
        assertThat(r.out()).contains("| tiny_argmax | 66.67 % | 66.67 % | 75.00 % |");
        assertThat(r.err()).contains("bench 100%");
    }

    @Test
    void jsonAndPlotForMachines() throws Exception {
        Path png = dir.resolve("plot.png");
        Result r = run("--models", TINY.resolve("tiny_argmax.pt") + "," + TINY.resolve("tiny_argmin_int8.pt"), "--data",
                TINY.resolve("tiny.csv").toString(), "--runs", "10", "--warmup", "2", "--json", "--plot", png
                        .toString(),
                "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("models")).hasSize(2);
        JsonNode max = root.get("models").get(0);
        assertThat(max.get("accuracy").asDouble()).isEqualTo(0.7);
        assertThat(max.get("size_bytes").asLong()).isEqualTo(Files.size(TINY.resolve("tiny_argmax.pt")));
        assertThat(max.get("params").asLong()).isEqualTo(12);
        assertThat(max.get("latency").get("count").asInt()).isEqualTo(10);
        assertThat(root.get("models").get(1).get("quantized_engine").asText()).isEqualTo("qnnpack");
        assertThat(root.get("pareto_front")).extracting(JsonNode::asText).contains("tiny_argmax");
        assertThat(ImageIO.read(png.toFile())).isNotNull();
        assertThat(r.err()).doesNotContain("bench 100%");
    }

    @Test
    void usageErrorsExit64NamingTheProblem() throws Exception {
        Result both = run("--model", "x.pt", "--models", "y.pt");
        assertThat(both.exit()).isEqualTo(64);
        assertThat(both.err()).contains("give either --model FILE");
        Result noData = run("--models", TINY.toString());
        assertThat(noData.exit()).isEqualTo(64);
        assertThat(noData.err()).contains("--models needs --data");
        Result badPower = run("--models", TINY.toString(), "--data", TINY.resolve("tiny.csv").toString(), "--power",
                "ina219");
        assertThat(badPower.exit()).isEqualTo(64);
        assertThat(badPower.err()).contains("--power must be rapl, off or none, got 'ina219'");
        Result missing = run("--models", dir.resolve("none.pt").toString(), "--data", TINY.resolve("tiny.csv")
                .toString());
        assertThat(missing.exit()).isEqualTo(64);
        assertThat(missing.err()).contains("none.pt: no such file or directory");
    }

    @Test
    void raplWhereThereIsNoneIsRefusedBeforeAnythingRuns() throws Exception {
        assumeFalse(Files.isDirectory(Path.of("/sys/class/powercap/intel-rapl:0")), "this host has RAPL");
        Result r = run("--models", TINY.toString(), "--data", TINY.resolve("tiny.csv").toString(), "--power", "rapl");
        assertThat(r.exit()).isEqualTo(64);
        assertThat(r.err()).contains("--power rapl: no RAPL package domains under /sys/class/powercap");
    }
}
