package io.edgeinfer.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Whether the file at {@code outbox.path} is this project's outbox. A damaged outbox is moved aside
 * at start (and salvaged), which must never happen to somebody else's file, so only a file that is
 * recognisably ours is opened: none yet, an empty one, a SQLite database stamped with our
 * application id, or one of the outboxes written before the stamp, known by its table. Anything else
 * is refused and left untouched. Reads the file only (a foreign database is opened immutable).
 */
public final class OutboxFile {
    /** SQLite's {@code PRAGMA application_id} of our databases: "EIOB". */
    static final int APPLICATION_ID = 0x45494f42;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 100;
    private static final int APPLICATION_ID_OFFSET = 68;
    private static final List<String> COLUMNS = List.of("id", "topic", "payload", "created_ms");

    private OutboxFile() {
    }

    /**
     * Returns if {@code file} may be opened as the outbox.
     *
     * @throws OutboxException saying why it is not an outbox (the caller names the key)
     */
    public static void check(Path file) throws OutboxException {
        if (!Files.exists(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw notOurs(file, "a directory");
        }
        byte[] header = header(file);
        if (header.length == 0) {
            return;
        }
        if (header.length < HEADER || !Arrays.equals(header, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0,
                SQLITE_MAGIC.length)) {
            throw notOurs(file, "not a SQLite database");
        }
        int id = ByteBuffer.wrap(header, APPLICATION_ID_OFFSET, 4).getInt();
        if (id == APPLICATION_ID) {
            return;
        }
        if (id != 0) {
            throw notOurs(file, String.format("a SQLite database of another program (application_id 0x%08x)", id));
        }
        List<String> columns = outboxColumns(file);
        if (!columns.equals(COLUMNS)) {
            throw notOurs(file, "a SQLite database without the outbox table");
        }
    }

    private static byte[] header(Path file) throws OutboxException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEADER);
        } catch (IOException e) {
            throw new OutboxException("outbox " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The columns of its {@code outbox} table, empty when it has none. */
    private static List<String> outboxColumns(Path file) throws OutboxException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        // Immutable opens read nothing but the file and leave no -wal/-shm beside it; with a log
        // present (a crashed writer's) its content counts, so that one is read as it is.
        boolean log = Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
        String url = "jdbc:sqlite:" + file.toUri() + (log ? "" : "?immutable=1");
        List<String> columns = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url, config.toProperties());
                Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('outbox') ORDER BY cid")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) {
                throw new OutboxException("outbox " + file + " is in use by another process", e);
            }
            throw notOurs(file, "a SQLite database whose tables cannot be read (" + e.getMessage() + ")");
        }
        return columns;
    }

    private static OutboxException notOurs(Path file, String what) {
        return new OutboxException(file + " is not an edgeinfer outbox (" + what + "); it was left untouched: point "
                + "outbox.path at a new file, or move this one away", null);
    }
}
