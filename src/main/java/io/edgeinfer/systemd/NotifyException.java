package io.edgeinfer.systemd;

/** A notification could not be sent to the service manager. */
public final class NotifyException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotifyException(String message) {
        super(message);
    }
}
