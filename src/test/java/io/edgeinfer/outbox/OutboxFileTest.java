package io.edgeinfer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.config.OutboxConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files may be opened as the outbox: ours, and nothing else. */
class OutboxFileTest {
    @TempDir
    Path dir;

    private Path sqlite(String name, String... statements) throws Exception {
        Path f = dir.resolve(name);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = db.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return f;
    }

    private static int applicationId(Path f) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(f), 68, 4).getInt();
    }

    /** Refused, and the file and its folder exactly as they were. */
    private void refusedUntouched(Path f, String why) throws Exception {
        byte[] before = Files.readAllBytes(f);
        FileTime modified = Files.getLastModifiedTime(f);
        assertThatThrownBy(() -> OutboxFile.check(f)).isInstanceOf(OutboxException.class)
                .hasMessageContaining(f + " is not an edgeinfer outbox (" + why).hasMessageContaining("outbox.path");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(modified);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(f.getFileName().toString());
        }
    }

    @Test
    void noFileAndAnEmptyFileAreANewOutbox() throws Exception {
        assertThatCode(() -> OutboxFile.check(dir.resolve("none.db"))).doesNotThrowAnyException();
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThatCode(() -> OutboxFile.check(empty)).doesNotThrowAnyException();
    }

    @Test
    void aTextFileIsNotAnOutbox() throws Exception {
        refusedUntouched(Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"),
                "not a SQLite database");
    }

    @Test
    void anotherProgramsDatabaseIsNotAnOutbox() throws Exception {
        refusedUntouched(sqlite("app.db", "PRAGMA application_id=1234", "CREATE TABLE t(x)"),
                "a SQLite database of another program");
        Files.delete(dir.resolve("app.db"));
        refusedUntouched(sqlite("plain.db", "PRAGMA journal_mode=WAL",
                "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)"),
                "a SQLite database without the outbox table");
    }

    @Test
    void aFolderIsNotAnOutbox() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("state"));
        assertThatThrownBy(() -> OutboxFile.check(folder)).hasMessageContaining("(a directory)");
    }

    @Test
    void anOutboxFromBeforeTheStampIsRecognisedByItsTableAndStampedWhenOpened() throws Exception {
        Path old = sqlite("outbox.db", "PRAGMA journal_mode=WAL",
                "CREATE TABLE outbox(id INTEGER PRIMARY KEY, topic TEXT NOT NULL, payload BLOB NOT NULL, created_ms INTEGER NOT NULL)",
                "INSERT INTO outbox VALUES (7, 't', x'7b7d', 1)");
        assertThat(applicationId(old)).isZero();
        assertThatCode(() -> OutboxFile.check(old)).doesNotThrowAnyException();
        try (SqliteOutbox o = SqliteOutbox.open(
                new OutboxConfig(true, old, 1000, 1 << 20, 3600, 5), Clock.systemUTC())) {
            assertThat(o.read(0, 10)).extracting(OutboxRecord::id).containsExactly(7L);
        }
        assertThat(applicationId(old)).isEqualTo(OutboxFile.APPLICATION_ID);
    }

    @Test
    void aNewOutboxCarriesTheStampFromItsFirstWrite() throws Exception {
        Path f = dir.resolve("new.db");
        SqliteStore store = new SqliteStore(f.toString());
        // Still open: the header on disk is already ours, so a crash now leaves a recognisable file.
        assertThat(applicationId(f)).isEqualTo(OutboxFile.APPLICATION_ID);
        store.close();
    }
}
