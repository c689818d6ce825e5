package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.platform.StartupReport;
import io.edgeinfer.systemd.SystemdService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code edgeinfer run --config FILE}: the daemon, until SIGTERM/SIGINT; SIGHUP re-reads the file. */
@Command(name = "run", description = "Run the daemon until SIGTERM or SIGINT; SIGHUP re-reads the config file.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config file")
    Path file;

    @Override
    public Integer call() throws Exception {
        DaemonConfig config;
        Daemon daemon;
        try {
            config = new ConfigLoader(System.getenv()).load(file);
            StartupReport checks = StartupGate.run(config, LOG::info, LOG::error);
            if (checks == null) {
                return ExitCodes.FATAL;
            }
            if (checks.exitCode() != ExitCodes.OK) {
                return checks.exitCode();
            }
            daemon = Daemon.start(config, Clock.systemUTC(), file, checks);
        } catch (ConfigException e) {
            LOG.error("{}: {}", file, e.getMessage());
            return ExitCodes.CONFIG;
        } catch (IOException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return ExitCodes.FATAL;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Handling TERM/INT ourselves (instead of the JVM's default exit) lets the daemon finish
        // the window in flight, say offline, and exit 0 - a clean stop, not a kill.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        // What `systemctl reload` sends: re-read the file, validate, apply atomically or refuse and log.
        Signal.handle(new Signal("HUP"), s -> daemon.reload("SIGHUP"));
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "edgeinfer-shutdown"));
        SystemdService systemd = SystemdHooks.attach(daemon, System.getenv());
        while (!stop.await(200, TimeUnit.MILLISECONDS)) {
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
