package io.edgeinfer.platform;

/**
 * What kind of start-up check failed, and the exit code that says so (sysexits.h values, so an
 * operator reading {@code systemctl status} can tell them apart). The unit's
 * {@code RestartPreventExitStatus} lists the ones a restart cannot fix.
 */
public enum Problem {
    /** Wrong architecture, missing CPU features or too old a C library for the bundled natives. EX_OSERR. */
    UNSUPPORTED_PLATFORM(71),
    /** A configured device node does not exist (bus not enabled, sensor not attached). EX_OSFILE. */
    DEVICE_MISSING(72),
    /** The native cache cannot be created or has too little free space. EX_CANTCREAT. */
    CACHE_DIRECTORY(73),
    /** A configured device node exists but this user may not open it. EX_NOPERM. */
    DEVICE_PERMISSION(77);

    private final int exitCode;

    Problem(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
