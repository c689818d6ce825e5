package io.edgeinfer.cli;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.app.StartupTimeline;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.platform.StartupReport;
import io.edgeinfer.systemd.SystemdService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeinfer run --config FILE}: the daemon, until SIGTERM/SIGINT; SIGHUP re-reads the file. */
@Command(name = "run", description = "Run the daemon until SIGTERM or SIGINT; SIGHUP re-reads the config file.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config file")
    Path file;

    @Override
    public Integer call() throws Exception {
        StartupTimeline timeline = StartupTimeline.sinceJvmStart();
        timeline.mark("JVM started, command line read");
        RunSignals signals = RunSignals.install();
        Daemon daemon;
        try {
            daemon = start(timeline);
        } catch (NotStarted e) {
            return e.exitCode;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "edgeinfer-shutdown"));
        signals.running(daemon);
        return serve(daemon, signals);
    }

    /** The config, platform and port checks, then the daemon; each refusal logged, with its exit code. */
    private Daemon start(StartupTimeline timeline) throws NotStarted {
        try {
            DaemonConfig config = new ConfigLoader(System.getenv()).load(file);
            timeline.mark("config read");
            StartupReport checks = StartupGate.run(config, LOG::info, LOG::error);
            if (checks == null) {
                throw new NotStarted(ExitCodes.FATAL);
            }
            if (checks.exitCode() != ExitCodes.OK) {
                throw new NotStarted(checks.exitCode());
            }
            ListenPorts.Refusal busy = ListenPorts.check(config);
            if (busy != null) {
                LOG.error("cannot start: {}", busy.message());
                throw new NotStarted(busy.exitCode());
            }
            timeline.mark("platform and ports checked");
            return Daemon.start(config, Clock.systemUTC(), file, checks, timeline);
        } catch (ConfigException e) {
            LOG.error("{}: {}", file, e.getMessage());
            throw new NotStarted(ExitCodes.CONFIG);
        } catch (IOException e) {
            LOG.error("cannot start: {}", e.getMessage());
            throw new NotStarted(ExitCodes.FATAL);
        }
    }

    /** Runs until a signal, a fatal error or a requested restart; returns the exit code. */
    private static int serve(Daemon daemon, RunSignals signals) throws InterruptedException {
        SystemdService systemd = SystemdHooks.attach(daemon, System.getenv());
        int exit = ExitCodes.OK;
        while (exit == ExitCodes.OK && !signals.awaitStop(200)) {
            exit = endRequested(daemon);
        }
        LOG.info("stopping");
        long t0 = System.nanoTime();
        systemd.close();
        daemon.close();
        if (exit == ExitCodes.OK) {
            LOG.info("stopped cleanly in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
        return exit;
    }

    /** {@link ExitCodes#FATAL} or {@link ExitCodes#RESTART} once the daemon needs to end; OK while it runs on. */
    private static int endRequested(Daemon daemon) {
        if (daemon.fatal().isDone()) {
            LOG.error("stopping after a fatal error: {}", daemon.fatal().getNow(null).toString());
            return ExitCodes.FATAL;
        }
        if (daemon.restartRequested().isDone()) {
            LOG.info("stopping for a restart ({}): exit code {} tells the service manager to start the daemon again",
                    daemon.restartRequested().getNow(null), ExitCodes.RESTART);
            return ExitCodes.RESTART;
        }
        return ExitCodes.OK;
    }

    /** The daemon did not start; the reason is logged. */
    private static final class NotStarted extends Exception {
        private final int exitCode;

        NotStarted(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
