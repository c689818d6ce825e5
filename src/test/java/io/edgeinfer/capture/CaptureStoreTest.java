package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on disk: bounded by count and bytes (oldest out first, counted), whole items only, a reserve kept free. */
class CaptureStoreTest {
    @TempDir
    Path dir;

    private static String id(int i) {
        return String.format("%013d-%08x", 1_767_225_600_000L + i, i);
    }

    private static byte[] bytes(int n) {
        return "x".repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theOldestItemsGoFirstWhenTheCountIsReachedAndAreCounted() throws Exception {
        CaptureStore s = CaptureStore.open(dir, 3, 1 << 20, 0);
        for (int i = 0; i < 5; i++) {
            s.write(id(i), bytes(10));
        }
        assertThat(s.list(null, 10)).extracting(CaptureStore.Entry::id).containsExactly(id(2), id(3), id(4));
        assertThat(s.items()).isEqualTo(3);
        assertThat(s.bytes()).isEqualTo(30);
        assertThat(s.evictedTotal()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("items").resolve(id(0) + ".json"))).isFalse();
    }

    @Test
    void theOldestItemsGoFirstWhenTheBytesAreReached() throws Exception {
        CaptureStore s = CaptureStore.open(dir, 100, 100, 0);
        s.write(id(0), bytes(40));
        s.write(id(1), bytes(40));
        s.write(id(2), bytes(40));
        assertThat(s.list(null, 10)).extracting(CaptureStore.Entry::id).containsExactly(id(1), id(2));
        assertThatThrownBy(() -> s.write(id(3), bytes(101))).isInstanceOf(NoRoomException.class)
                .hasMessageContaining("exceeds capture.max_bytes (100)");
        assertThat(s.items()).isEqualTo(2);
    }

    @Test
    void aTornWriteLeavesNoItemAndItsPartIsRemovedAtTheNextOpen() throws Exception {
        CaptureStore s = CaptureStore.open(dir, 10, 1 << 20, 0);
        s.write(id(0), bytes(10));
        // What a power cut in the middle of a write leaves: a partial file in tmp/, never in items/.
        Path part = dir.resolve("tmp").resolve(id(1) + ".json.part");
        Files.writeString(part, "{\"format\":\"edgeinfer-cap");
        Files.writeString(dir.resolve("items").resolve("notes.txt"), "someone else's file");
        CaptureStore again = CaptureStore.open(dir, 10, 1 << 20, 0);
        assertThat(again.list(null, 10)).extracting(CaptureStore.Entry::id).containsExactly(id(0));
        assertThat(part).doesNotExist();
        assertThat(dir.resolve("items").resolve("notes.txt")).exists();
    }

    @Test
    void nothingIsWrittenWhenTheCardWouldKeepLessThanItsReserve() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        CaptureStore s = CaptureStore.open(dir, 10, 1 << 20, free + (1L << 30));
        assertThatThrownBy(() -> s.write(id(0), bytes(10))).isInstanceOf(NoRoomException.class)
                .hasMessageContaining("capture.min_free_bytes keeps");
        assertThat(s.items()).isZero();
        assertThat(dir.resolve("items")).isEmptyDirectory();
    }

    @Test
    void anotherProcessReadsAndDeletesWithoutTouchingAWriteInProgress() throws Exception {
        CaptureStore s = CaptureStore.open(dir, 10, 1 << 20, 0);
        s.write(id(0), bytes(10));
        Path part = dir.resolve("tmp").resolve(id(1) + ".json.part");
        Files.writeString(part, "half");
        CaptureStore other = CaptureStore.existing(dir);
        assertThat(other.read(id(0))).hasSize(10);
        assertThat(other.delete(id(0))).isTrue();
        assertThat(part).exists();
        // The daemon's index learns of it when it reads.
        assertThatThrownBy(() -> s.read(id(0))).isInstanceOf(NoSuchFileException.class);
        assertThat(s.items()).isZero();
        assertThatThrownBy(() -> CaptureStore.existing(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listingPagesFollowTheIds() throws Exception {
        CaptureStore s = CaptureStore.open(dir, 10, 1 << 20, 0);
        for (int i = 0; i < 5; i++) {
            s.write(id(i), bytes(1));
        }
        assertThat(s.list(id(1), 2)).extracting(CaptureStore.Entry::id).containsExactly(id(2), id(3));
        assertThat(s.list(id(1), 2).get(0).tsMs()).isEqualTo(1_767_225_600_002L);
        assertThat(s.delete(id(2))).isTrue();
        assertThat(s.delete(id(2))).isFalse();
    }
}
