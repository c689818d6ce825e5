package io.edgeinfer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.OutboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a disk that really fills up (a 64 KiB tmpfs), and then gets room again. */
class OutboxFullDiskIT {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);

    private static byte[] message(int seq) {
        return ("{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<OutboxRecord> readAll(Outbox o) {
        List<OutboxRecord> all = new ArrayList<>();
        for (List<OutboxRecord> page = o.read(0, 1000); !page.isEmpty(); page = o.read(all.get(all.size() - 1).id(),
                1000)) {
            all.addAll(page);
        }
        return all;
    }

    @Test
    void aFullDiskKeepsMessagesInMemoryAndTheOutboxIsDurableAgainOnceThereIsRoom() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "64k")) {
            OutboxConfig config = new OutboxConfig(true, disk.dir().resolve("outbox.db"), 1_000_000, 1L << 30, 86_400,
                    5);
            SqliteOutbox o = SqliteOutbox.open(config, clock);
            o.start();
            int n = 0;
            while (o.stats().mode().equals(OutboxStats.DURABLE) && n < 10_000) {
                o.append("t", message(n++));
                o.flush();
            }
            assertThat(o.stats().mode()).as("64 KiB fill up").isEqualTo(OutboxStats.MEMORY);
            assertThat(o.stats().modeReason()).isEqualTo("disk full");
            for (int i = 0; i < 100; i++) {
                o.append("t", message(n++));
            }
            o.flush();
            assertThat(readAll(o)).hasSize(n);
            assertThat(o.stats().depth()).isEqualTo(n);

            disk.resize("4m");
            clock.advance(Durability.RETRY_MS);
            o.append("t", message(n++));
            o.flush();
            assertThat(o.stats().mode()).isEqualTo(OutboxStats.DURABLE);
            o.close();

            try (SqliteOutbox reopened = SqliteOutbox.open(config, clock)) {
                assertThat(readAll(reopened)).as("all on disk after all").hasSize(n);
            }
        }
    }
}
