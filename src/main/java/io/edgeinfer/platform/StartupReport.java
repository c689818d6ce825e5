package io.edgeinfer.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * What the start-up checks found, kept for the device page: the daemon runs only when they passed,
 * so the page shows what was checked and that it held.
 *
 * @param ran whether the checks ran at all (tests and benches start a daemon without them)
 * @param summary the one-line summary of the platform and the natives, as logged at start
 * @param deviceNodes the device files of the configured input that were checked
 * @param failures what failed; empty when the daemon may start
 */
public record StartupReport(boolean ran, String summary, List<Path> deviceNodes, List<CheckFailure> failures) {
    public StartupReport {
        deviceNodes = List.copyOf(deviceNodes);
        failures = List.copyOf(failures);
    }

    /** For a daemon started without the checks. */
    public static StartupReport notRun() {
        return new StartupReport(false, null, List.of(), List.of());
    }

    /** 0 when every check passed, else the exit code of the first failure. */
    public int exitCode() {
        return failures.isEmpty() ? 0 : failures.get(0).problem().exitCode();
    }
}
