package io.edgeinfer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.edgeinfer.config.OutboxConfig;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SqliteOutboxTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);

    private OutboxConfig config(long maxMessages, long maxBytes, long maxAgeS) {
        return new OutboxConfig(true, dir.resolve("outbox.db"), maxMessages, maxBytes, maxAgeS, 5);
    }

    private SqliteOutbox started(OutboxConfig c) throws OutboxException {
        SqliteOutbox o = SqliteOutbox.open(c, clock);
        o.start();
        return o;
    }

    private OutboxConfig config() {
        return config(1_000_000, 1L << 30, 86_400);
    }

    private static byte[] msg(int i) {
        return ("{\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<Integer> seqs(List<OutboxRecord> records) {
        List<Integer> out = new ArrayList<>();
        for (OutboxRecord r : records) {
            String s = new String(r.payload(), StandardCharsets.UTF_8);
            out.add(Integer.parseInt(s.replaceAll("\\D", "")));
        }
        return out;
    }

    private static List<OutboxRecord> readAll(Outbox o) {
        List<OutboxRecord> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<OutboxRecord> page = o.read(after, 1000);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).id();
        }
    }

    @Test
    void appendedMessagesAreReadInOrderAfterTheGroupCommit() throws Exception {
        try (SqliteOutbox o = started(config())) {
            for (int i = 0; i < 10; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            List<OutboxRecord> all = o.read(0, 100);
            assertThat(seqs(all)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(all).extracting(OutboxRecord::topic).containsOnly("t");
            assertThat(o.lastCommittedId()).isEqualTo(all.get(9).id());
            assertThat(o.read(all.get(4).id(), 2)).extracting(OutboxRecord::id).containsExactly(all.get(5).id(), all
                    .get(6).id());
            assertThat(o.stats().depth()).isEqualTo(10);
        }
    }

    @Test
    void acknowledgedMessagesAreGoneAndTheRestSurviveAReopen() throws Exception {
        try (SqliteOutbox o = started(config())) {
            for (int i = 0; i < 6; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            List<OutboxRecord> all = o.read(0, 100);
            o.ack(all.get(0).id());
            o.ack(all.get(2).id());
            assertThat(seqs(o.read(0, 100))).containsExactly(1, 3, 4, 5);
        }
        try (SqliteOutbox o = started(config())) {
            assertThat(seqs(readAll(o))).containsExactly(1, 3, 4, 5);
            assertThat(o.stats().depth()).isEqualTo(4);
            assertThat(o.stats().recovery()).isNull();
            o.append("t", msg(6));
            o.flush();
            assertThat(seqs(readAll(o))).containsExactly(1, 3, 4, 5, 6);
        }
    }

    @Test
    void aFlushAlsoForgetsWhatWasAcknowledged() throws Exception {
        // The test clock stands still: acknowledgements are not due by time, only by the flush.
        try (SqliteOutbox o = started(config())) {
            for (int i = 0; i < 3; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            o.read(0, 10).forEach(r -> o.ack(r.id()));
            o.flush();
            assertThat(o.stats().depth()).isZero();
            assertThat(o.stats().bytes()).isZero();
        }
    }

    @Test
    void overTheMessageBoundTheOldestAreDroppedAndCounted() throws Exception {
        try (SqliteOutbox o = started(config(100, 1L << 30, 86_400))) {
            for (int i = 0; i < 150; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            o.append("t", msg(150));
            o.flush();
            List<Integer> left = seqs(readAll(o));
            assertThat(left).hasSize(100);
            assertThat(left.get(0)).isEqualTo(51);
            assertThat(left.get(99)).isEqualTo(150);
            assertThat(o.stats().droppedTotal()).isEqualTo(51);
        }
    }

    @Test
    void overTheByteBoundAndTheAgeBoundTheOldestGo() throws Exception {
        byte[] big = new byte[100_000];
        try (SqliteOutbox o = started(config(1_000_000, 1 << 20, 60))) {
            for (int i = 0; i < 15; i++) {
                o.append("t", big);
            }
            o.flush();
            assertThat(o.stats().bytes()).isLessThanOrEqualTo(1 << 20);
            assertThat(o.stats().depth()).isEqualTo(10);
            assertThat(o.stats().droppedTotal()).isEqualTo(5);

            // The age check runs at most once a second of the outbox's clock.
            clock.advance(61_000);
            o.append("t", msg(1));
            o.flush();
            assertThat(o.stats().depth()).isEqualTo(1);
            assertThat(readAll(o)).allSatisfy(r -> assertThat(r.createdMs()).isEqualTo(clock.millis()));
            assertThat(o.stats().droppedTotal()).isEqualTo(15);
        }
    }

    @Test
    void openTouchesOnlyTheFileAndStartStartsTheWriter() throws Exception {
        try (SqliteOutbox o = SqliteOutbox.open(config(), clock)) {
            o.append("t", msg(1));
            assertThatThrownBy(o::flush).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
            assertThat(o.lastCommittedId()).isZero();
        }
        try (SqliteOutbox o = started(config())) {
            assertThat(seqs(readAll(o))).as("close commits what was appended, started or not").containsExactly(1);
        }
    }

    /** Log lines of the outbox package at WARN and above while {@code body} runs. */
    private static List<ILoggingEvent> warnings(ThrowingRunnable body) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.edgeinfer.outbox");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            body.run();
        } finally {
            logger.detachAppender(log);
        }
        return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static byte[] padded(int i) {
        return ("{\"seq\":" + i + ",\"pad\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whenTheDiskIsFullMessagesWaitInMemoryAndGoToDiskWhenItTakesThemAgain() throws Exception {
        SqliteOutbox o = started(config());
        try {
            for (int i = 0; i < 10; i++) {
                o.append("t", padded(i));
            }
            o.flush();
            List<ILoggingEvent> whileFull = warnings(() -> {
                o.limitPages(1); // the file may not grow: SQLite answers SQLITE_FULL, as on a full disk
                for (int i = 10; i < 300; i++) {
                    o.append("t", padded(i));
                    if (i % 10 == 0) {
                        o.flush();
                    }
                }
                o.flush();
            });
            assertThat(whileFull).as("one line says so, not one per message").singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("disk full"));
            assertThat(o.stats().mode()).isEqualTo(OutboxStats.MEMORY);
            assertThat(o.stats().modeReason()).isEqualTo("disk full");
            List<OutboxRecord> all = readAll(o);
            assertThat(seqs(all)).hasSize(300).isSorted();

            // Delivered while in memory: forgotten, and counted out of the depth.
            all.subList(100, 200).forEach(r -> o.ack(r.id()));
            o.flush();
            assertThat(o.stats().depth()).isEqualTo(200);

            o.limitPages(1_000_000); // space again
            o.append("t", padded(300));
            o.flush();
            assertThat(o.stats().mode()).as("the next try is a while away").isEqualTo(OutboxStats.MEMORY);
            clock.advance(Durability.RETRY_MS);
            o.append("t", padded(301));
            o.flush();
            assertThat(o.stats().mode()).isEqualTo(OutboxStats.DURABLE);
            assertThat(o.stats().modeReason()).isNull();
        } finally {
            o.close();
        }
        try (SqliteOutbox reopened = started(config())) {
            List<Integer> left = seqs(readAll(reopened));
            assertThat(left).hasSize(202).isSorted().doesNotContain(100, 199).contains(0, 99, 200, 301);
            assertThat(reopened.stats().depth()).isEqualTo(202);
        }
    }

    @Test
    void messagesHeldInMemoryStayReadableBeyondTheCacheSize() throws Exception {
        try (SqliteOutbox o = started(config())) {
            o.limitPages(1);
            int n = RecordCache.MAX + 5_000;
            for (int i = 0; i < n; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            assertThat(o.stats().mode()).isEqualTo(OutboxStats.MEMORY);
            List<Integer> all = seqs(readAll(o));
            assertThat(all).hasSize(n);
            assertThat(all.get(0)).isZero();
            assertThat(all.get(n - 1)).isEqualTo(n - 1);
        }
    }

    @Test
    void backlogBeyondTheMemoryCacheIsReadFromDiskInOrder() throws Exception {
        int n = 25_000;
        try (SqliteOutbox o = started(config())) {
            for (int i = 0; i < n; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            List<Integer> all = seqs(readAll(o));
            assertThat(all).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(all.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void aSecondProcessOnTheSameFileIsRefused() throws Exception {
        try (SqliteOutbox o = started(config())) {
            o.append("t", msg(1));
            o.flush();
            assertThatThrownBy(() -> started(config()))
                    .isInstanceOf(OutboxException.class)
                    .hasMessageContaining("in use by another process");
        }
    }

    @Test
    void aFileThatIsNotAnOutboxIsRefusedAndLeftUntouched() throws Exception {
        // outbox.path pointed at somebody else's file: a copy of /etc/passwd.
        Path file = dir.resolve("outbox.db");
        byte[] passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n".getBytes();
        Files.write(file, passwd);
        assertThatThrownBy(() -> started(config()))
                .isInstanceOf(OutboxException.class)
                .hasMessageContaining("is not an edgeinfer outbox (not a SQLite database)")
                .hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(file)).isEqualTo(passwd);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("outbox.db");
        }
    }

    @Test
    void aDamagedStoreGivesBackWhatCanStillBeRead() throws Exception {
        try (SqliteOutbox o = started(config())) {
            for (int i = 0; i < 3000; i++) {
                o.append("t", ("{\"seq\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}").getBytes());
            }
            o.flush();
        }
        Path file = dir.resolve("outbox.db");
        long size = Files.size(file);
        // Overwrite pages in the last third of the file: the first rows stay readable.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(size * 2 / 3);
            raf.write(new byte[(int) (size / 6)]);
        }
        try (SqliteOutbox o = started(config())) {
            OutboxStats.Recovery r = o.stats().recovery();
            assertThat(r).as("a damaged file must be noticed").isNotNull();
            assertThat(r.recovered()).isBetween(1L, 2999L);
            List<Integer> left = seqs(readAll(o));
            assertThat(left).hasSize((int) r.recovered());
            assertThat(left.get(0)).isZero();
        }
    }

    @Test
    void aTornLogAfterPowerLossKeepsEveryEarlierCommit() throws Exception {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        try (SqliteOutbox o = started(config())) {
            for (int i = 0; i < 50; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            for (int i = 50; i < 100; i++) {
                o.append("t", msg(i));
            }
            o.flush();
            // What a power cut leaves: the files as they are now, the log cut off mid-frame.
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        Path wal = copy.resolve("outbox.db-wal");
        assertThat(wal).exists();
        try (RandomAccessFile raf = new RandomAccessFile(wal.toFile(), "rw")) {
            raf.setLength(raf.length() - 1000);
        }
        OutboxConfig torn = new OutboxConfig(true, copy.resolve("outbox.db"), 1_000_000, 1L << 30, 86_400, 5);
        try (SqliteOutbox o = started(torn)) {
            List<Integer> left = seqs(readAll(o));
            assertThat(o.stats().recovery()).isNull();
            assertThat(left).hasSizeGreaterThanOrEqualTo(50);
            for (int i = 0; i < left.size(); i++) {
                assertThat(left.get(i)).isEqualTo(i);
            }
        }
    }
}
