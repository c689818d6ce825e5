package io.edgeinfer.systemd;

/**
 * The service manager's notification port (the {@code sd_notify} protocol): newline-separated
 * {@code KEY=VALUE} assignments such as {@code READY=1}, {@code STATUS=...}, {@code WATCHDOG=1}.
 * The real implementation is {@link SdNotifySocket}; {@link #NONE} is used when the process does
 * not run under systemd, so callers never branch on it.
 */
public interface ServiceNotifier extends AutoCloseable {
    /** Does nothing: the process was not started by a service manager that listens. */
    ServiceNotifier NONE = new ServiceNotifier() {
        @Override
        public void notify(String state) {
        }

        @Override
        public boolean listening() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Sends one datagram with the given assignments.
     *
     * @throws NotifyException when the datagram cannot be sent (the caller decides whether a lost
     *     notification matters)
     */
    void notify(String state) throws NotifyException;

    /** True when notifications reach a service manager (a notify socket was given). */
    boolean listening();

    @Override
    void close();
}
