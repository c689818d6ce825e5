package io.edgeinfer.cli;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.systemd.NotifyException;
import io.edgeinfer.systemd.SdNotifySocket;
import io.edgeinfer.systemd.ServiceNotifier;
import io.edgeinfer.systemd.ServiceStatus;
import io.edgeinfer.systemd.SystemdService;
import io.edgeinfer.systemd.WatchdogSettings;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a running {@link Daemon} to systemd's notify socket and watchdog, when systemd gave them. */
final class SystemdHooks {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdHooks.class);
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);

    private SystemdHooks() {
    }

    static SystemdService attach(Daemon daemon, Map<String, String> env) {
        ServiceNotifier notifier;
        try {
            notifier = SdNotifySocket.fromEnvironment(env);
        } catch (NotifyException e) {
            LOG.warn("not notifying systemd: {}", e.getMessage());
            notifier = ServiceNotifier.NONE;
        }
        String model = daemon.model() == null
                ? "no classifier"
                : daemon.model().info().name() + " " + daemon.model().info().version();
        // Counts add up every pipeline; the watchdog waits on the least recent inference thread.
        ServiceStatus status = new ServiceStatus(model, daemon::inferencesTotal, daemon::droppedTotal,
                System::nanoTime);
        SystemdService service = new SystemdService(notifier,
                WatchdogSettings.fromEnvironment(env, ProcessHandle.current().pid()), daemon::heartbeatNanos,
                status, System::nanoTime);
        service.start(daemon.firstPrediction(), STATUS_INTERVAL);
        return service;
    }
}
