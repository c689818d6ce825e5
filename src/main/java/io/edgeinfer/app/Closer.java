package io.edgeinfer.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a daemon opened, closed in reverse order: each part is registered as soon as it exists, so a
 * start that fails half-way closes exactly what it opened. One part failing to close is logged and
 * the others still close.
 */
final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private record Entry(String name, AutoCloseable part) {
    }

    private final Deque<Entry> parts = new ArrayDeque<>();
    private boolean closed;

    /** Registers {@code part} to be closed before everything registered earlier; returns it. */
    synchronized <T extends AutoCloseable> T add(String name, T part) {
        if (closed) {
            throw new IllegalStateException("closed: cannot take " + name);
        }
        parts.push(new Entry(name, part));
        return part;
    }

    /** Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!parts.isEmpty()) {
            Entry e = parts.pop();
            try {
                e.part().close();
            } catch (Exception ex) {
                LOG.warn("error while closing {}: {}", e.name(), ex.toString());
            }
        }
    }
}
