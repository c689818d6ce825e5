package io.edgeinfer.model;

/** A model manifest ({@code NAME.json} beside {@code NAME.pt}) that exists but cannot be used. */
public final class ManifestException extends Exception {
    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }

    public ManifestException(String message) {
        super(message);
    }
}
