package io.edgeinfer.app;

/** Process exit codes; systemd's unit keys off them (78: do not restart a bad config). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FATAL = 1;
    /** EX_USAGE: the command line cannot be parsed (no command, unknown command or option, a required option missing). */
    public static final int USAGE = 64;
    /**
     * EX_UNAVAILABLE: a port the daemon listens on is held by another process. It may free up, so the
     * systemd unit restarts the daemon (and gives up after its start limit).
     */
    public static final int UNAVAILABLE = 69;
    /** EX_TEMPFAIL: stopped cleanly to be started again ({@code cmd/restart}); the unit restarts it. */
    public static final int RESTART = 75;
    /** EX_CONFIG from sysexits.h. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
