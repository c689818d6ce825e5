package io.edgeinfer.telemetry.board;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link CommandRunner} on real processes: stdout captured, stderr merged into failures. */
public final class ProcessCommandRunner implements CommandRunner {
    private static final int MAX_OUTPUT = 64 * 1024;

    @Override
    public String run(List<String> command, Duration timeout) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            // ProcessBuilder reports a missing program as "error=2, No such file or directory".
            if (String.valueOf(e.getMessage()).contains("error=2")) {
                throw new CommandNotFoundException(command.get(0) + " is not installed on this host", e);
            }
            throw e;
        }
        try (InputStream out = p.getInputStream()) {
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toMillis()
                        + " ms");
            }
            // The outputs read here are a few kilobytes: the pipe buffer holds them until exit.
            String text = new String(out.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted", e);
        }
    }
}
