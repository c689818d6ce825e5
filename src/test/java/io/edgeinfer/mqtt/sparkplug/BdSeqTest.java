package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdSeqTest {
    @TempDir
    Path dir;

    @Test
    void aNewNodeStartsAtZeroAndCountsOnlyConnectsThatWereSent() {
        BdSeq b = new BdSeq(dir.resolve("sparkplug-bdseq"));
        assertThat(b.forNextConnect()).isZero();
        for (int refused = 0; refused < 8; refused++) {
            b.attempted(false); // the broker is down: the port refuses, no CONNECT left
            assertThat(b.forNextConnect()).as("an 8 s outage of refused attempts").isZero();
        }
        b.attempted(true);
        assertThat(b.current()).as("the session's births and death").isZero();
        assertThat(b.current()).isZero();
        assertThat(b.forNextConnect()).isEqualTo(1);
        b.attempted(true);
        assertThat(b.current()).isEqualTo(1);
    }

    @Test
    void aRestartGoesOnFromTheLastConnectAndNeverBackToZero() {
        Path f = dir.resolve("sparkplug-bdseq");
        BdSeq first = new BdSeq(f);
        first.forNextConnect();
        first.attempted(true);
        first.forNextConnect();
        first.attempted(true);
        assertThat(new BdSeq(f).forNextConnect()).isEqualTo(2);
    }

    @Test
    void aNumberIsOnDiskBeforeItsConnectSoACrashMidAttemptNeverReusesIt() {
        Path f = dir.resolve("sparkplug-bdseq");
        BdSeq crashed = new BdSeq(f);
        crashed.forNextConnect();
        crashed.attempted(true);
        assertThat(crashed.forNextConnect()).isEqualTo(1); // killed -9 while this CONNECT was on its way
        assertThat(new BdSeq(f).forNextConnect()).as("a gap, never a repeat").isEqualTo(2);
    }

    @Test
    void itWrapsFrom255To0() throws Exception {
        Path f = dir.resolve("sparkplug-bdseq");
        Files.writeString(f, "255");
        assertThat(new BdSeq(f).forNextConnect()).isZero();
    }

    @Test
    void anUnreadableFileStartsAtZeroWithAWarning() throws Exception {
        Path f = dir.resolve("sparkplug-bdseq");
        Files.writeString(f, "garbage");
        try (Warnings w = new Warnings(BdSeq.class)) {
            assertThat(new BdSeq(f).forNextConnect()).isZero();
            assertThat(w.lines()).hasSize(1);
        }
    }
}
