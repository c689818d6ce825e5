package io.edgeinfer.bench;

/** Evaluation data that cannot be read: missing, malformed, or inconsistent. Names the file. */
public final class BenchDataException extends Exception {
    public BenchDataException(String message) {
        super(message);
    }

    public BenchDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
