package io.edgeinfer.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupChecksTest {
    private static final long PLENTY = 10L << 30;

    @TempDir
    Path root;

    private List<CheckFailure> check(HostProbe board, NativeBundle natives) {
        return new StartupChecks(board.probe(), List.of(natives), p -> PLENTY).check(root.resolve("cache"), List.of());
    }

    @Test
    void theShippedAarch64NativesPassOnAPi4AndAPi5() throws Exception {
        assertThat(check(Boards.pi4(root.resolve("pi4"), "2.36"), Boards.aarch64Natives("0.29.0"))).isEmpty();
        assertThat(check(Boards.pi5(root.resolve("pi5"), "2.36"), Boards.aarch64Natives("0.29.0"))).isEmpty();
    }

    @Test
    void unverifiedNativesOnAnArmv80CpuAreRefusedBeforeTheySigill() throws Exception {
        List<CheckFailure> f = check(Boards.pi4(root, "2.36"), Boards.aarch64Natives("0.31.0"));
        assertThat(f).singleElement().satisfies(c -> {
            assertThat(c.problem()).isEqualTo(Problem.UNSUPPORTED_PLATFORM);
            assertThat(c.problem().exitCode()).isEqualTo(71);
            assertThat(c.message()).contains("need CPU features [atomics]", "ARM Cortex-A72", "Raspberry Pi 4",
                    "SIGILL",
                    "DJL 0.29.0 / PyTorch 2.3.1");
        });
    }

    @Test
    void unverifiedNativesRunWhereLseAtomicsExist() throws Exception {
        assertThat(check(Boards.pi5(root, "2.36"), Boards.aarch64Natives("0.31.0"))).isEmpty();
    }

    @Test
    void theWrongArchitecturesPackageNamesTheRightOne() throws Exception {
        assertThat(check(Boards.pi4(root, "2.36"), Boards.x86Natives())).singleElement().satisfies(c -> {
            assertThat(c.problem()).isEqualTo(Problem.UNSUPPORTED_PLATFORM);
            assertThat(c.message()).contains("built for x86_64 but this machine is aarch64",
                    "edgeinfer_VERSION_arm64.deb");
        });
    }

    @Test
    void a32BitArmJavaIsToldToUseThe64BitOs() throws Exception {
        HostProbe arm32 = new HostProbe(root, root, () -> Optional.of("2.36"), "arm");
        assertThat(check(arm32, Boards.aarch64Natives("0.29.0"))).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("32-bit ARM", "dpkg --print-architecture", "arm64"));
    }

    @Test
    void anOldOrMissingGlibcIsRefusedWithTheVersionNeeded() throws Exception {
        assertThat(check(Boards.pi4(root.resolve("a"), "2.17"), Boards.aarch64Natives("0.29.0"))).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("glibc 2.17 is older than the 2.18"));
        assertThat(check(Boards.pi4(root.resolve("b"), "2.18"), Boards.aarch64Natives("0.29.0"))).isEmpty();
        assertThat(check(Boards.pi4(root.resolve("c"), null), Boards.aarch64Natives("0.29.0"))).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("not glibc"));
    }

    @Test
    void tooLittleSpaceForTheNativesIsACacheProblemWithBothFigures() throws Exception {
        StartupChecks checks = new StartupChecks(Boards.pi4(root, "2.36").probe(), List.of(Boards.aarch64Natives(
                "0.29.0")),
                p -> 150_000_000L);
        assertThat(checks.check(root.resolve("cache"), List.of())).singleElement().satisfies(c -> {
            assertThat(c.problem()).isEqualTo(Problem.CACHE_DIRECTORY);
            assertThat(c.problem().exitCode()).isEqualTo(73);
            assertThat(c.message()).contains("needs 240 MB free", "206 MB of PyTorch natives", "has 150 MB");
        });
    }

    @Test
    void onceUnpackedOnlyHeadRoomIsNeeded() throws Exception {
        NativeBundle n = Boards.aarch64Natives("0.29.0");
        Path cache = root.resolve("cache");
        Path folder = Files.createDirectories(n.cacheFolder(cache));
        for (Map.Entry<String, Long> f : n.files().entrySet()) {
            try (RandomAccessFile sparse = new RandomAccessFile(folder.resolve(f.getKey()).toFile(), "rw")) {
                sparse.setLength(f.getValue());
            }
        }
        assertThat(n.unpackedIn(cache)).isTrue();
        StartupChecks checks = new StartupChecks(Boards.pi4(root.resolve("b"), "2.36").probe(), List.of(n),
                p -> 40_000_000L);
        assertThat(checks.check(cache, List.of())).isEmpty();
        assertThat(checks.summary(cache)).contains("already unpacked in " + folder);
    }

    @Test
    void aCacheDirectoryThatCannotBeCreatedIsRefused() throws Exception {
        Path file = Files.writeString(root.resolve("not-a-dir"), "x");
        StartupChecks checks = new StartupChecks(Boards.pi4(root.resolve("b"), "2.36").probe(),
                List.of(Boards.aarch64Natives("0.29.0")), p -> PLENTY);
        assertThat(checks.check(file.resolve("djl"), List.of())).singleElement().satisfies(c -> {
            assertThat(c.problem()).isEqualTo(Problem.CACHE_DIRECTORY);
            assertThat(c.message()).contains(file + " is not a writable directory", "model.cache_dir");
        });
    }

    @Test
    void nativesForTwoArchitecturesOrNoneAreRefused() throws Exception {
        Host pi4 = Boards.pi4(root, "2.36").probe();
        List<CheckFailure> two = new StartupChecks(pi4, List.of(Boards.aarch64Natives("0.29.0"), Boards.x86Natives()),
                p -> PLENTY).check(root.resolve("cache"), List.of());
        assertThat(two).singleElement().satisfies(c -> assertThat(c.message())
                .contains("[linux-aarch64, linux-x86_64]", "only one can load"));
        List<CheckFailure> none = new StartupChecks(pi4, List.of(), p -> PLENTY).check(root.resolve("cache"), List
                .of());
        assertThat(none).singleElement().satisfies(c -> assertThat(c.message()).contains("no PyTorch natives"));
    }

    @Test
    void everyFailureIsReportedAndTheFirstDecidesTheExitCode() throws Exception {
        StartupChecks checks = new StartupChecks(Boards.pi4(root, "2.17").probe(), List.of(Boards.aarch64Natives(
                "0.31.0")),
                p -> 1L);
        List<CheckFailure> f = checks.check(root.resolve("cache"), List.of(root.resolve("dev/i2c-1")));
        // Unverified natives have no known glibc floor, so: CPU, space, device.
        assertThat(Boards.names(f)).containsExactly("UNSUPPORTED_PLATFORM", "CACHE_DIRECTORY", "DEVICE_MISSING");
        assertThat(Set.copyOf(f.stream().map(c -> c.problem().exitCode()).toList())).containsExactlyInAnyOrder(71, 73,
                72);
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(StartupChecks.compareVersions("2.9", "2.17")).isNegative();
        assertThat(StartupChecks.compareVersions("2.36", "2.18")).isPositive();
        assertThat(StartupChecks.compareVersions("2.18", "2.18")).isZero();
    }
}
