package io.edgeinfer.camera;

/** A frame or file that does not decode to a complete image; it is skipped and counted. */
public final class CorruptImageException extends Exception {
    public CorruptImageException(String message) {
        super(message);
    }
}
