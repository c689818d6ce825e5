package io.edgeinfer.control;

/**
 * Restarts the whole daemon process ({@code cmd/restart}): what applies the keys that only take
 * effect at start ({@code restart_required}) on a device nobody can log in to. The process stops
 * cleanly and its service manager starts it again.
 */
public interface ProcessRestart {

    /** Why a restart cannot be done here (nothing would start the daemon again), or null when it can. */
    String unavailable();

    /** Asks the daemon to stop cleanly for a restart; returns at once. */
    void request(String why);
}
