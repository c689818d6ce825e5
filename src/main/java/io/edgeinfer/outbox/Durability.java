package io.edgeinfer.outbox;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the outbox's records reach the disk ({@code durable}) or only memory ({@code memory}:
 * the disk is full or failing), and why. Each change is logged once and announced to listeners
 * (the daemon republishes its status); while in memory, the writer tries the disk again every few
 * seconds, and nothing is logged per message.
 */
final class Durability {
    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);
    static final long RETRY_MS = 5000;

    private final Path file;
    private final Cadence retry;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String reason;

    Durability(Path file, Clock clock) {
        this.file = file;
        this.retry = new Cadence(clock, RETRY_MS);
    }

    boolean durable() {
        return reason == null;
    }

    /** {@link OutboxStats#DURABLE} or {@link OutboxStats#MEMORY}. */
    String mode() {
        return reason == null ? OutboxStats.DURABLE : OutboxStats.MEMORY;
    }

    /** Why records are in memory only, or null when durable. */
    String reason() {
        return reason;
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** A write failed: records are held in memory, and the disk is tried again a period from now. */
    void lost(SQLException e) {
        retry.restart();
        if (reason != null) {
            return;
        }
        reason = SqliteStore.isFull(e) ? "disk full" : "cannot write: " + e.getMessage();
        LOG.error("outbox {}: {}; new messages are kept in memory only (lost if the process stops) and written "
                + "to disk when it takes them again (tried every {} s)", file, reason, RETRY_MS / 1000);
        listeners.forEach(Runnable::run);
    }

    /** Whether records should go to disk now: durable, or a period after the last refusal. */
    boolean tryDisk() {
        return reason == null || retry.isDue();
    }

    /** The disk took the held records: durable again. */
    void regained(int written) {
        if (reason == null) {
            return;
        }
        reason = null;
        LOG.info("outbox {} writes to disk again; {} messages kept in memory meanwhile are on disk now", file, written);
        listeners.forEach(Runnable::run);
    }
}
