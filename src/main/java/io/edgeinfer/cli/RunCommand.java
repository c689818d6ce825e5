package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
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
        RunSignals signals = RunSignals.install();
        DaemonConfig config;
        Daemon daemon;
        try {
            config = new ConfigLoader(System.getenv()).load(file);
            int refused = StartupGate.check(config, LOG::info, LOG::error);
            if (refused != ExitCodes.OK) {
                return refused;
            }
            ListenPorts.Refusal busy = ListenPorts.check(config);
            if (busy != null) {
                LOG.error("cannot start: {}", busy.message());
                return busy.exitCode();
            }
            daemon = Daemon.start(config, Clock.systemUTC(), file);
        } catch (ConfigException e) {
            LOG.error("{}: {}", file, e.getMessage());
            return ExitCodes.CONFIG;
        } catch (IOException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return ExitCodes.FATAL;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "edgeinfer-shutdown"));
        signals.running(daemon);
        SystemdService systemd = SystemdHooks.attach(daemon, System.getenv());
        while (!signals.awaitStop(200)) {
            if (daemon.fatal().isDone()) {
                LOG.error("stopping after a fatal error: {}", daemon.fatal().getNow(null).toString());
                systemd.close();
                daemon.close();
                return ExitCodes.FATAL;
            }
            if (daemon.restartRequested().isDone()) {
                LOG.info("stopping for a restart ({}): exit code {} tells the service manager to start the daemon again",
                        daemon.restartRequested().getNow(null), ExitCodes.RESTART);
                systemd.close();
                daemon.close();
                return ExitCodes.RESTART;
            }
        }
        LOG.info("stopping");
        long t0 = System.nanoTime();
        systemd.close();
        daemon.close();
        LOG.info("stopped cleanly in {} ms", (System.nanoTime() - t0) / 1_000_000);
        return ExitCodes.OK;
    }
}
