package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real launcher, {@code bin/edgeinfer ARGS}, run as an operator would run it, to its end or in the background. */
final class OperatorCli {
    static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();

    /** What a finished command printed and how it ended. */
    record Result(int exit, String out, String err) {
    }

    /** A command running in the background, its output going to files in a folder. */
    record Running(Process process, Path out, Path err) {
        Result await(long timeoutS) throws IOException, InterruptedException {
            assertThat(process.waitFor(timeoutS, TimeUnit.SECONDS)).as("%s finished", process.info().commandLine()
                    .orElse("edgeinfer")).isTrue();
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    private OperatorCli() {
    }

    static Result run(Path dir, List<String> args) throws IOException, InterruptedException {
        return start(dir, args).await(300);
    }

    static Running start(Path dir, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(p, out, err);
    }
}
