package io.edgeinfer.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQL of the outbox, on one SQLite connection. WAL journal with {@code synchronous=NORMAL}: a
 * commit is one append to the log (no fsync), so it survives a process crash, and SQLite's log
 * replay keeps the file consistent after a power cut (the last commits may be lost, never torn).
 * Exclusive locking: a second daemon on the same file is refused instead of interleaving.
 * One connection serves the writer thread and the sender's backlog reads, so every method holds
 * the store's monitor.
 */
final class SqliteStore implements AutoCloseable {
    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final PreparedStatement sizes;

    SqliteStore(String file) throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA locking_mode=EXCLUSIVE");
            stamp(s);
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY, topic TEXT NOT NULL, "
                    + "payload BLOB NOT NULL, created_ms INTEGER NOT NULL)");
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    String[] lines = verdict.split("\n");
                    String first = lines.length > 1 ? lines[1] : lines[0];
                    throw new SQLException("integrity check failed: " + first.trim());
                }
            }
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        // Transactions are ours (BEGIN/COMMIT/ROLLBACK below), not the driver's: when SQLite itself
        // has rolled a failed one back (it does on SQLITE_FULL), the driver's rollback fails, skips
        // its next BEGIN, and every later commit fails with "no transaction is active".
        insert = db.prepareStatement("INSERT INTO outbox(id, topic, payload, created_ms) VALUES (?, ?, ?, ?)");
        delete = db.prepareStatement("DELETE FROM outbox WHERE id BETWEEN ? AND ? RETURNING id, length(payload)");
        sizes = db.prepareStatement("SELECT id, length(payload) FROM outbox WHERE id BETWEEN ? AND ?");
    }

    /** SQLite could not write because the disk (or the {@code max_page_count}) is full. */
    static boolean isFull(SQLException e) {
        return e instanceof SQLiteException se && se.getResultCode().code == SQLiteErrorCode.SQLITE_FULL.code
                || String.valueOf(e.getMessage()).contains("SQLITE_FULL");
    }

    /** Lets tests make SQLite refuse writes the way a full disk does, without one. */
    synchronized void limitPages(long pages) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA max_page_count=" + pages);
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void transaction(Work work) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                s.execute("COMMIT");
            } catch (SQLException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException alreadyRolledBack) {
                    // SQLite ended the transaction itself; the next BEGIN starts clean.
                }
                throw e;
            }
        }
    }

    /**
     * Marks the database as an outbox ({@link OutboxFile}). Before WAL is on, so a new file carries
     * the mark in its header from its first write.
     */
    private static void stamp(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
            if (rs.next() && rs.getInt(1) == OutboxFile.APPLICATION_ID) {
                return;
            }
        }
        s.execute("PRAGMA application_id=" + OutboxFile.APPLICATION_ID);
    }

    /** {count, payload bytes, max id}. */
    synchronized long[] summary() throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), coalesce(sum(length(payload)), 0), coalesce(max(id), 0) FROM outbox")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    synchronized void insert(List<OutboxRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        transaction(() -> {
            try {
                for (OutboxRecord r : records) {
                    insert.setLong(1, r.id());
                    insert.setString(2, r.topic());
                    insert.setBytes(3, r.payload());
                    insert.setLong(4, r.createdMs());
                    insert.addBatch();
                }
                insert.executeBatch();
            } finally {
                insert.clearBatch();
            }
        });
    }

    /** A row's id and payload size. */
    @FunctionalInterface
    interface Rows {
        void row(long id, long payloadBytes);
    }

    /** Deletes the ids in one transaction; reports each row that existed. */
    synchronized void delete(long[] ids, int n, Rows removed) throws SQLException {
        List<long[]> rows = new ArrayList<>();
        transaction(() -> byRanges(ids, n, delete, (id, bytes) -> rows.add(new long[]{id, bytes})));
        // Reported once committed: a delete that failed removed nothing.
        rows.forEach(r -> removed.row(r[0], r[1]));
    }

    /** Reports the rows among the ids that exist (a read: it works on a full disk). */
    synchronized void sizes(long[] ids, int n, Rows rows) throws SQLException {
        byRanges(ids, n, sizes, rows);
    }

    /** Acknowledgements come mostly in order, so contiguous runs of ids go as one ranged statement. */
    private static void byRanges(long[] ids, int n, PreparedStatement ranged, Rows rows) throws SQLException {
        long[] sorted = Arrays.copyOf(ids, n);
        Arrays.sort(sorted);
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            ranged.setLong(1, sorted[i]);
            ranged.setLong(2, sorted[j]);
            try (ResultSet rs = ranged.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs.getLong(1), rs.getLong(2));
                }
            }
            i = j + 1;
        }
    }

    /** Ids of the oldest rows, for dropping when over a bound. */
    synchronized long[] oldestIds(int n) throws SQLException {
        return ids("SELECT id FROM outbox ORDER BY id LIMIT " + n);
    }

    /** Ids of rows created before the cutoff. */
    synchronized long[] idsOlderThan(long cutoffMs) throws SQLException {
        return ids("SELECT id FROM outbox WHERE created_ms < " + cutoffMs + " ORDER BY id");
    }

    private long[] ids(String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Rows with afterId < id < beforeId in id order. */
    synchronized List<OutboxRecord> read(long afterId, long beforeId, int max) throws SQLException {
        List<OutboxRecord> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT id, topic, payload, created_ms FROM outbox WHERE id > ? AND id < ? ORDER BY id LIMIT ?")) {
            q.setLong(1, afterId);
            q.setLong(2, beforeId);
            q.setInt(3, max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxRecord(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /** Copies rows of a damaged store in id order until the first one that cannot be read. */
    static long salvage(String damagedFile, SqliteStore into) throws SQLException {
        List<OutboxRecord> batch = new ArrayList<>();
        long copied = 0;
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + damagedFile);
                Statement s = old.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, topic, payload, created_ms FROM outbox ORDER BY id")) {
            while (rs.next()) {
                String topic = rs.getString(2);
                byte[] payload = rs.getBytes(3);
                if (topic == null || payload == null) {
                    continue; // a row whose cells are damaged is not worth delivering
                }
                batch.add(new OutboxRecord(rs.getLong(1), topic, payload, rs.getLong(4)));
                if (batch.size() == 500) {
                    into.insert(batch);
                    copied += batch.size();
                    batch.clear();
                }
            }
        } catch (SQLException e) {
            // Stop at the first unreadable page: what was read so far is what can be recovered.
        }
        into.insert(batch);
        return copied + batch.size();
    }

    @Override
    public synchronized void close() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally {
            db.close();
        }
    }
}
