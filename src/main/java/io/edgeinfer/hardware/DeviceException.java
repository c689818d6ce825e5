package io.edgeinfer.hardware;

/**
 * A chip that cannot be used right now: the bus failed, nothing answered, or something else
 * answered. The message says which device and what to check; the source retries with backoff.
 */
public final class DeviceException extends Exception {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
