package io.edgeinfer.capture;

/** A capture item on disk (or fetched) that cannot be trusted: unreadable, truncated, or changed since it was written. */
public final class DamagedItemException extends Exception {
    public DamagedItemException(String message) {
        super(message);
    }
}
