package io.edgeinfer.outbox;

/** The outbox store cannot be opened or written (directory not writable, file held by another process). */
public final class OutboxException extends Exception {
    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
