package io.edgeinfer.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

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
        db.setAutoCommit(false);
        insert = db.prepareStatement("INSERT INTO outbox(id, topic, payload, created_ms) VALUES (?, ?, ?, ?)");
        delete = db.prepareStatement("DELETE FROM outbox WHERE id BETWEEN ? AND ? RETURNING length(payload)");
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
                ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(length(payload)), 0), coalesce(max(id), 0) FROM outbox")) {
            rs.next();
            long[] r = {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            db.commit();
            return r;
        }
    }

    synchronized void insert(List<OutboxRecord> records) throws SQLException {
        try {
            for (OutboxRecord r : records) {
                insert.setLong(1, r.id());
                insert.setString(2, r.topic());
                insert.setBytes(3, r.payload());
                insert.setLong(4, r.createdMs());
                insert.addBatch();
            }
            insert.executeBatch();
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
    }

    /**
     * Deletes the ids in one transaction; reports the payload size of each row that existed.
     * Acknowledgements come mostly in order, so contiguous runs go as one ranged statement.
     */
    synchronized void delete(long[] ids, int n, LongConsumer removedBytes) throws SQLException {
        long[] sorted = java.util.Arrays.copyOf(ids, n);
        java.util.Arrays.sort(sorted);
        try {
            int i = 0;
            while (i < n) {
                int j = i;
                while (j + 1 < n && sorted[j + 1] == sorted[j] + 1) {
                    j++;
                }
                delete.setLong(1, sorted[i]);
                delete.setLong(2, sorted[j]);
                try (ResultSet rs = delete.executeQuery()) {
                    while (rs.next()) {
                        removedBytes.accept(rs.getLong(1));
                    }
                }
                i = j + 1;
            }
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
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
        db.commit();
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
        db.commit();
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
            db.commit();
            db.setAutoCommit(true);
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally {
            db.close();
        }
    }
}
