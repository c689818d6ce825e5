package io.edgeinfer.telemetry.board;

import io.edgeinfer.telemetry.board.CommandRunner.CommandNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The Raspberry Pi firmware's {@code vcgencmd}. Off a Pi it is not installed: the first failed
 * start is remembered so telemetry does not try to spawn a missing program every second.
 */
public final class Vcgencmd {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final CommandRunner runner;
    private volatile boolean missing;

    public Vcgencmd(CommandRunner runner) {
        this.runner = runner;
    }

    /** Runs {@code vcgencmd <command>} and returns its output. */
    public String run(String command) throws IOException {
        if (missing) {
            throw new CommandNotFoundException("vcgencmd is not installed on this host", null);
        }
        try {
            return runner.run(List.of("vcgencmd", command), TIMEOUT);
        } catch (CommandNotFoundException e) {
            missing = true;
            throw e;
        }
    }

    /** True once a start failed because the program does not exist. */
    public boolean missing() {
        return missing;
    }
}
