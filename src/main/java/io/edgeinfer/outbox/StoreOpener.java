package io.edgeinfer.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the outbox file. A damaged one is moved aside, read as far as it can be, and a fresh store
 * takes what was recovered, so a torn write on a card without power-loss protection costs what it
 * destroyed and no more. Only a file {@link OutboxFile} recognises as ours is opened at all.
 */
final class StoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

    private StoreOpener() {
    }

    /** @param recovery what start-up found in a damaged store, or null if it opened cleanly */
    record Opened(SqliteStore store, OutboxStats.Recovery recovery) {
    }

    static Opened open(Path file, Clock clock) throws OutboxException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new OutboxException("cannot create the outbox directory " + file.getParent() + ": " + e.getMessage(),
                    e);
        }
        OutboxFile.check(file);
        try {
            return new Opened(new SqliteStore(file.toString()), null);
        } catch (SQLException e) {
            if (isBusy(e)) {
                throw new OutboxException("outbox " + file + " is in use by another process", e);
            }
            return recover(file, clock, e);
        }
    }

    private static Opened recover(Path file, Clock clock, SQLException cause) throws OutboxException {
        Path moved = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
        try {
            Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE);
            for (String suffix : new String[]{"-wal", "-shm"}) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, moved.resolveSibling(moved.getFileName() + suffix),
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
            SqliteStore fresh = new SqliteStore(file.toString());
            long recovered = SqliteStore.salvage(moved.toString(), fresh);
            LOG.error("outbox {} was damaged ({}); moved to {}, {} messages recovered, the rest could not be read",
                    file, cause.getMessage(), moved, recovered);
            return new Opened(fresh, new OutboxStats.Recovery(moved.toString(), recovered, cause.getMessage()));
        } catch (IOException | SQLException e) {
            throw new OutboxException("outbox " + file + " is damaged (" + cause.getMessage()
                    + ") and could not be replaced: " + e.getMessage(), e);
        }
    }

    private static boolean isBusy(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_BUSY") || m.contains("database is locked");
    }
}
