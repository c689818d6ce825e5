package io.edgeinfer.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.LastErrorException;
import io.edgeinfer.platform.ColdPages.Mapping;
import io.edgeinfer.platform.ColdPages.Released;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ColdPagesTest {
    private static final List<String> MAPS = List.of(
            "7f6cb1000000-7f6cc7a38000 r-xp 00800000 fd:00 1311 /cache/djl/libtorch_cpu.so",
            "7f6cc7a39000-7f6cc7c81000 r--p 17237000 fd:00 1311 /cache/djl/libtorch_cpu.so",
            "7f6cc7e3c000-7f6cc866d000 rw-p 1767a000 fd:00 1311 /cache/djl/libtorch_cpu.so",
            "7f6ccd000000-7f6ccdbc7000 rw-p 00001000 fd:00 2000 /usr/lib/jvm/lib/server/classes.jsa",
            "7f6cd0000000-7f6cd0100000 rw-s 00000000 fd:00 3000 /var/lib/edgeinfer/outbox.db-shm",
            "7f6cd1000000-7f6cd1100000 r--s 00000000 fd:00 3001 /usr/lib/jvm/lib/modules",
            "7f6cd2000000-7f6cd2100000 r-xp 00000000 fd:00 3002 /opt/edge infer/lib native.so (deleted)",
            "7f6cd3000000-7f6cd3400000 rw-p 00000000 00:00 0 ",
            "55d0c0000000-55d0c0200000 rw-p 00000000 00:00 0                          [heap]",
            "7ffd1000000-7ffd1021000 rw-p 00000000 00:00 0                          [stack]",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
            "not a mapping at all");

    @Test
    void parsesPathsWithSpacesAndAddressesAboveTheSignedRange() {
        Mapping spaced = Mapping.parse(MAPS.get(6)).orElseThrow();
        assertThat(spaced.path()).isEqualTo("/opt/edge infer/lib native.so (deleted)");
        assertThat(spaced.end() - spaced.start()).isEqualTo(0x100000);
        Mapping top = Mapping.parse(MAPS.get(10)).orElseThrow();
        assertThat(Long.compareUnsigned(top.start(), 0x7fffffffffffffffL)).isPositive();
        assertThat(top.path()).isEmpty();
        assertThat(Mapping.parse("not a mapping at all")).isEmpty();
        assertThat(Mapping.parse("")).isEmpty();
        assertThat(Mapping.parse("zz-yy r-xp 0 fd:00 1 /x")).isEmpty();
    }

    @Test
    void advisesFileMappingsButNeitherAnonymousMemoryNorSharedWritableFiles() throws IOException {
        List<Long> advised = new ArrayList<>();
        Optional<Released> r = ColdPages.release(MAPS, (address, length) -> advised.add(address), () -> 0);
        // libtorch's three, the class archive, the read-only shared modules file, the deleted library; not the
        // database's shared memory (its pages would be written back), the heap, the stack or anonymous memory.
        assertThat(advised).containsExactly(0x7f6cb1000000L, 0x7f6cc7a39000L, 0x7f6cc7e3c000L, 0x7f6ccd000000L,
                0x7f6cd1000000L, 0x7f6cd2000000L);
        assertThat(r).hasValueSatisfying(x -> assertThat(x.mappings()).isEqualTo(6));
    }

    @Test
    void aKernelWithoutTheAdviceReleasesNothingAndAVanishedMappingDoesNotStopTheOthers() throws IOException {
        assertThat(ColdPages.release(MAPS, (address, length) -> {
            throw new LastErrorException(ColdPages.EINVAL);
        }, () -> 0)).isEmpty();

        int enomem = 12;
        Optional<Released> r = ColdPages.release(MAPS, (address, length) -> {
            if (address == 0x7f6cc7a39000L) {
                throw new LastErrorException(enomem);
            }
        }, () -> 0);
        assertThat(r).hasValueSatisfying(x -> {
            assertThat(x.mappings()).isEqualTo(5);
            assertThat(x.advisedBytes()).isEqualTo(0x16a38000L + 0x831000L + 0xbc7000L + 0x100000L + 0x100000L);
        });
    }

    /**
     * The kernel's side, on a file this JVM alone maps: its pages leave memory (page cache included, which
     * {@link MappedByteBuffer#isLoaded} asks through mincore) and read back unchanged.
     */
    @Test
    void theKernelDropsTheResidentPagesOfAMappedFileAndTheirContentsStay() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux's /proc");
        Path dir = Files.createDirectories(Path.of("target", "startup-pages-test"));
        // tmpfs pages are memory, not a file's copy: without swap the kernel keeps them.
        assumeFalse("tmpfs".equals(Files.getFileStore(dir).type()), "needs a disk-backed folder, target/ is tmpfs");
        Path file = Files.createTempFile(dir, "pages", ".bin");
        try {
            byte[] data = new byte[8 << 20];
            new Random(7).nextBytes(data);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(data));
                out.force(true); // clean pages: a dirty one would have to be written out first
            }
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                MappedByteBuffer mapped = in.map(FileChannel.MapMode.READ_ONLY, 0, data.length);
                mapped.load();
                assertThat(mapped.isLoaded()).isTrue();
                long before = ColdPages.fileRssKb();

                Optional<Released> r = ColdPages.release(
                        Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.UTF_8),
                        ColdPages.libcAdvice(), ColdPages::fileRssKb);

                assumeTrue(r.isPresent(), "this kernel has no MADV_PAGEOUT (Linux 5.4+)");
                assertThat(mapped.isLoaded()).isFalse();
                assertThat(r.get().fileRssBeforeKb()).isGreaterThanOrEqualTo(before - 1024);
                assertThat(r.get().releasedMb()).isGreaterThanOrEqualTo(7.0);
                assertThat(crc(mapped)).isEqualTo(crc(ByteBuffer.wrap(data)));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A process whose file-backed resident memory the test sets; each advice brings it down to 40 MB. */
    private static final class Process {
        long rssKb = 100 * 1024;
        int advices;

        ColdPages watcher() {
            return new ColdPages(() -> MAPS, () -> rssKb, (address, length) -> {
                if (address == 0x7f6cb1000000L) { // once per advice: the first mapping
                    advices++;
                    rssKb = 40 * 1024;
                }
            }, Executors.newSingleThreadScheduledExecutor());
        }
    }

    @Test
    void advisesOnceThenAgainOnlyWhenTheSettledLevelGrowsByAModelLoad() {
        Process p = new Process();
        try (ColdPages w = p.watcher()) {
            w.check();
            assertThat(p.advices).isEqualTo(1);
            p.rssKb = 42 * 1024; // the steady run's pages came back: this is the level it settles at
            w.check();
            p.rssKb = 42 * 1024 + ColdPages.REGROWTH_KB - 1;
            w.check();
            assertThat(p.advices).isEqualTo(1);
            p.rssKb = 42 * 1024 + ColdPages.REGROWTH_KB; // a model swap's loading code
            w.check();
            assertThat(p.advices).isEqualTo(2);
            assertThat(p.rssKb).isEqualTo(40 * 1024);
        }
    }

    @Test
    void aKernelWithoutTheAdviceOrAProcessWithoutProcStopsTheWatcherQuietly() {
        int[] calls = {0};
        ColdPages.Advice refused = (address, length) -> {
            calls[0]++;
            throw new LastErrorException(ColdPages.EINVAL);
        };
        try (ColdPages w = new ColdPages(() -> MAPS, () -> 0, refused, Executors.newSingleThreadScheduledExecutor())) {
            w.check();
            int first = calls[0];
            assertThat(first).isEqualTo(6);
            w.check();
            assertThat(calls[0]).isEqualTo(first);
        }
        int[] reads = {0};
        try (ColdPages w = new ColdPages(() -> {
            reads[0]++;
            throw new IOException("/proc/self/maps: no such file");
        }, () -> -1, (address, length) -> calls[0]++, Executors.newSingleThreadScheduledExecutor())) {
            w.check();
            w.check();
            assertThat(reads[0]).isEqualTo(1);
        }
    }

    @Test
    void anOperatorTurnsItOffThroughTheEnvironmentAndAMistypedValueLeavesItOn() {
        int[] advices = {0};
        ColdPages.Advice counted = (address, length) -> advices[0]++;
        try (ColdPages w = ColdPages.of(Map.of(ColdPages.ENV, "off"), () -> MAPS, () -> 0, counted,
                Executors.newSingleThreadScheduledExecutor())) {
            w.check();
            assertThat(advices[0]).isZero();
        }
        try (ColdPages w = ColdPages.of(Map.of(ColdPages.ENV, "of"), () -> MAPS, () -> 0, counted,
                Executors.newSingleThreadScheduledExecutor())) {
            w.check();
            assertThat(advices[0]).isEqualTo(6);
        }
    }

    @Test
    void aWatcherStoppedBeforeItsStartIgnoresTheStart() {
        ColdPages w = new Process().watcher();
        w.close();
        w.start(Duration.ofMillis(1), Duration.ofMillis(1)); // no RejectedExecutionException out of the callback
    }

    private static long crc(ByteBuffer b) {
        CRC32 c = new CRC32();
        c.update(b.duplicate().rewind());
        return c.getValue();
    }
}
