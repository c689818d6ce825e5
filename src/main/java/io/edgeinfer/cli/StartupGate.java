package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.platform.CheckFailure;
import io.edgeinfer.platform.StartupChecks;
import io.edgeinfer.platform.StartupReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Runs the platform start-up checks for a config and turns the verdict into an exit code. */
final class StartupGate {
    private StartupGate() {
    }

    /**
     * @param info receives the one-line summary
     * @param error receives one line per failure
     * @return {@link ExitCodes#OK}, or the exit code of the first failure
     */
    static int check(DaemonConfig config, Consumer<String> info, Consumer<String> error) {
        StartupReport r = run(config, info, error);
        return r == null ? ExitCodes.FATAL : r.exitCode();
    }

    /**
     * Runs the checks and keeps what they found (the device page shows it).
     *
     * @return the report, or null when the bundled natives cannot even be inspected (logged)
     */
    static StartupReport run(DaemonConfig config, Consumer<String> info, Consumer<String> error) {
        StartupChecks checks;
        try {
            checks = StartupChecks.system();
        } catch (IOException e) {
            error.accept("cannot inspect the bundled PyTorch natives: " + e.getMessage());
            return null;
        }
        // One native cache for every pipeline (the config refuses pipelines that differ); every
        // pipeline's device nodes.
        Path cache = config.nativeCacheDir(System.getenv());
        List<Path> nodes = config.pipelines().stream().flatMap(p -> p.source().deviceNodes().stream()).distinct()
                .toList();
        String summary = checks.summary(cache);
        info.accept(summary);
        List<CheckFailure> failures = checks.check(cache, nodes);
        failures.forEach(f -> error.accept("start-up check failed: " + f.message()));
        return new StartupReport(true, summary, nodes, failures);
    }
}
