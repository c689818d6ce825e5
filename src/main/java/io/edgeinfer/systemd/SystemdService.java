package io.edgeinfer.systemd;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the service manager how the daemon is doing ({@code Type=notify}): {@code READY=1} once
 * the first window has been inferred, a {@code STATUS=} line with model and rate every few seconds,
 * {@code WATCHDOG=1} only while the inference loop's heartbeat moves, and {@code STOPPING=1} on the
 * way out. A loop stuck in one prediction stops the pings, and systemd restarts the service.
 *
 * <p>Runs on one scheduler thread; every run catches what it throws, so a lost datagram never
 * stops the next one.
 */
public final class SystemdService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdService.class);

    private final ServiceNotifier notifier;
    private final Optional<WatchdogSettings> watchdog;
    private final LongSupplier heartbeatNanos;
    private final ServiceStatus status;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService scheduler;
    private volatile boolean ready;
    private boolean stalled;
    private boolean warnedSendFailure;
    private boolean closed;

    /**
     * @param heartbeatNanos when the inference loop last went round ({@link System#nanoTime} scale)
     * @param nanoClock the same clock, read now
     */
    public SystemdService(ServiceNotifier notifier, Optional<WatchdogSettings> watchdog, LongSupplier heartbeatNanos,
            ServiceStatus status, LongSupplier nanoClock) {
        this.notifier = notifier;
        this.watchdog = watchdog;
        this.heartbeatNanos = heartbeatNanos;
        this.status = status;
        this.nanoClock = nanoClock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeinfer-systemd");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the watchdog and status updates, and sends {@code READY=1} when {@code firstInference}
     * completes.
     */
    public void start(CompletionStage<?> firstInference, Duration statusInterval) {
        if (!notifier.listening()) {
            return;
        }
        watchdog.ifPresent(w -> {
            long every = w.pingInterval().toNanos();
            scheduler.scheduleAtFixedRate(() -> guarded(() -> ping(w)), 0, every, TimeUnit.NANOSECONDS);
            LOG.info("systemd watchdog: timeout {} ms, pinging every {} ms while inference progresses",
                    w.timeout().toMillis(), w.pingInterval().toMillis());
        });
        firstInference.thenRun(() -> scheduler.execute(() -> guarded(() -> {
            ready = true;
            send("READY=1\nSTATUS=" + status.line());
            LOG.info("told systemd the service is ready");
        })));
        long every = statusInterval.toNanos();
        scheduler.scheduleAtFixedRate(() -> guarded(() -> {
            if (ready && !stalled) {
                send("STATUS=" + status.line());
            }
        }), every, every, TimeUnit.NANOSECONDS);
    }

    private void ping(WatchdogSettings w) throws NotifyException {
        long age = nanoClock.getAsLong() - heartbeatNanos.getAsLong();
        if (age <= w.staleAfter().toNanos()) {
            if (stalled) {
                stalled = false;
                LOG.info("inference loop is moving again");
            }
            send("WATCHDOG=1");
            return;
        }
        if (!stalled) {
            stalled = true;
            String msg = "inference loop stalled: no progress for " + TimeUnit.NANOSECONDS.toMillis(age)
                    + " ms; watchdog pings stopped";
            LOG.error(msg);
            send("STATUS=" + msg);
        }
    }

    private void send(String state) throws NotifyException {
        notifier.notify(state);
    }

    private interface Task {
        void run() throws Exception;
    }

    private void guarded(Task task) {
        try {
            task.run();
        } catch (Throwable t) {
            if (!warnedSendFailure) {
                warnedSendFailure = true;
                LOG.warn("systemd notification failed (further failures not logged): {}", t.toString());
            }
        }
    }

    /** Says {@code STOPPING=1} and stops the updates. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (notifier.listening()) {
            try {
                scheduler.submit(() -> guarded(() -> send("STOPPING=1\nSTATUS=stopping"))).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("could not tell systemd the service is stopping: {}", e.toString());
            }
        }
        scheduler.shutdownNow();
        notifier.close();
    }
}
