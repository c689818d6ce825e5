package io.edgeinfer.telemetry.board;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs a short-lived host command (for {@code vcgencmd}) and returns what it printed. The real one
 * starts a process; tests inject recorded outputs, so the parsers run on real text.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * @return standard output of a command that exited 0
     * @throws CommandNotFoundException when the program is not installed here
     * @throws IOException when it cannot start, exits non-zero (message carries its output) or
     *     outlives {@code timeout} (then it is killed)
     */
    String run(List<String> command, Duration timeout) throws IOException;

    /** The program does not exist on this host: asking again will not help. */
    final class CommandNotFoundException extends IOException {
        public CommandNotFoundException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
