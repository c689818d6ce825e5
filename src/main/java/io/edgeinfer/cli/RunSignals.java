package io.edgeinfer.cli;

import io.edgeinfer.app.Daemon;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * TERM, INT and HUP for {@code run}, installed before anything else: until then the JVM's own
 * handlers end the process (exit 129 on a HUP, with nothing logged), and starting takes a second or
 * more. A HUP while starting is remembered and becomes one reload once the daemon runs, since the
 * file may have changed after it was read; TERM or INT while starting ends the process at once, as
 * the JVM would (a first start can take minutes unpacking natives, and must stay stoppable).
 */
final class RunSignals {
    private static final Logger LOG = LoggerFactory.getLogger(RunSignals.class);

    private final CountDownLatch stop = new CountDownLatch(1);
    private Daemon daemon;
    private boolean reloadPending;

    private RunSignals() {
    }

    static RunSignals install() {
        RunSignals s = new RunSignals();
        // Handling TERM/INT ourselves (instead of the JVM's default exit) lets a running daemon finish
        // the window in flight, say offline, and exit 0 - a clean stop, not a kill.
        Signal.handle(new Signal("TERM"), x -> s.stop("TERM", 143));
        Signal.handle(new Signal("INT"), x -> s.stop("INT", 130));
        // What `systemctl reload` sends: re-read the file, validate, apply atomically or refuse and log.
        Signal.handle(new Signal("HUP"), x -> s.hup());
        return s;
    }

    private synchronized void stop(String name, int startingExit) {
        if (daemon == null) {
            LOG.info("SIG{} while starting: exiting", name);
            System.exit(startingExit);
        }
        stop.countDown();
    }

    private synchronized void hup() {
        if (daemon == null) {
            reloadPending = true;
            LOG.info("SIGHUP while starting: the config file is read again once the daemon runs");
            return;
        }
        daemon.reload("SIGHUP");
    }

    /** The daemon runs: TERM and INT stop it cleanly, HUP reloads it, a HUP that came while starting now. */
    synchronized void running(Daemon d) {
        daemon = d;
        if (reloadPending) {
            reloadPending = false;
            d.reload("SIGHUP while starting");
        }
    }

    /** True once TERM or INT asked the running daemon to stop. */
    boolean awaitStop(long millis) throws InterruptedException {
        return stop.await(millis, TimeUnit.MILLISECONDS);
    }
}
