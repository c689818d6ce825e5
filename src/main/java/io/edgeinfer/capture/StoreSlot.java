package io.edgeinfer.capture;

import io.edgeinfer.config.CaptureConfig;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.function.LongSupplier;

/**
 * The pipeline's store, opened when first needed and opened again after it could not be: a capture
 * folder that is read-only or missing at start must not stop the daemon, and may be fixed while it
 * runs. A failed open is tried again at most every {@value #RETRY_MS} ms; meanwhile callers get the
 * same error at once.
 */
final class StoreSlot {
    static final long RETRY_MS = 5000;

    private final CaptureConfig config;
    private final LongSupplier millis;
    private CaptureStore store;
    private IOException failure;
    private long failedAt;

    StoreSlot(CaptureConfig config, LongSupplier millis) {
        this.config = config;
        this.millis = millis;
    }

    /** @throws IOException saying why the folder cannot hold items */
    synchronized CaptureStore get() throws IOException {
        if (store != null) {
            return store;
        }
        long now = millis.getAsLong();
        if (failure != null && now - failedAt < RETRY_MS) {
            throw failure;
        }
        try {
            store = CaptureStore.open(config.dir(), config.maxItems(), config.maxBytes(), config.minFreeBytes());
            failure = null;
            return store;
        } catch (IOException e) {
            failure = new IOException("capture folder " + config.dir() + " cannot be used: " + describe(e), e);
            failedAt = now;
            throw failure;
        }
    }

    /** The store if it is open, else null (for figures: never opens it). */
    synchronized CaptureStore peek() {
        return store;
    }

    /** An I/O error as people read it ({@code AccessDeniedException: /x} says little). */
    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof AccessDeniedException) {
            return "permission denied or read-only (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getMessage() == null ? kind : e.getMessage();
    }
}
