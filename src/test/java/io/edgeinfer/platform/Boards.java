package io.edgeinfer.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fake {@code /proc} and {@code /sys} trees of real boards, with the values those boards report
 * (HWCAP bits as the arm64 kernel defines them, MIDR_EL1, device-tree model).
 */
final class Boards {
    /** Cortex-A72, ARMv8.0: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid; no atomics. */
    static final long PI4_HWCAP = bits(0, 1, 2, 3, 4, 5, 6, 7, 11);
    /** Cortex-A76, ARMv8.2: adds atomics fphp asimdhp asimdrdm lrcpc dcpop asimddp. */
    static final long PI5_HWCAP = bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 20);

    private Boards() {
    }

    static long bits(int... bits) {
        long v = 0;
        for (int b : bits) {
            v |= 1L << b;
        }
        return v;
    }

    static HostProbe pi4(Path root, String glibc) throws IOException {
        return board(root, PI4_HWCAP, "0x00000000410fd083", "Raspberry Pi 4 Model B Rev 1.4", glibc);
    }

    static HostProbe pi5(Path root, String glibc) throws IOException {
        return board(root, PI5_HWCAP, "0x00000000414fd0b1", "Raspberry Pi 5 Model B Rev 1.0", glibc);
    }

    static HostProbe board(Path root, long hwcap, String midr, String model, String glibc) throws IOException {
        Path proc = root.resolve("proc");
        Path sys = root.resolve("sys");
        Files.createDirectories(proc.resolve("self"));
        // AT_PAGESZ, AT_HWCAP, AT_HWCAP2, AT_NULL: the order the kernel writes them in.
        ByteBuffer auxv = ByteBuffer.allocate(4 * 16).order(ByteOrder.nativeOrder());
        auxv.putLong(6).putLong(4096).putLong(16).putLong(hwcap).putLong(26).putLong(0).putLong(0).putLong(0);
        Files.write(proc.resolve("self/auxv"), auxv.array());
        // What qemu-user shows a guest: the host's cpuinfo, which must not be believed on arm64.
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n"
                + "flags\t\t: fpu sse sse2 avx2\n\n");
        Path id = sys.resolve("devices/system/cpu/cpu0/regs/identification");
        Files.createDirectories(id);
        Files.writeString(id.resolve("midr_el1"), midr + "\n");
        Path dt = sys.resolve("firmware/devicetree/base");
        Files.createDirectories(dt);
        Files.writeString(dt.resolve("model"), model + "\0");
        return new HostProbe(proc, sys, () -> Optional.ofNullable(glibc), "aarch64");
    }

    static NativeBundle aarch64Natives(String djl) {
        return new NativeBundle("2.3.1", "2.3.1-20240621", "cpu-precxx11", "linux-aarch64", djl,
                Map.of("libtorch_cpu.so", 205_098_337L, "libc10.so", 1_273_120L));
    }

    static NativeBundle x86Natives() {
        return new NativeBundle("2.3.1", "2.3.1-20240621", "cpu-precxx11", "linux-x86_64", "0.29.0",
                Map.of("libtorch_cpu.so", 478_287_137L));
    }

    static List<String> names(List<CheckFailure> failures) {
        return failures.stream().map(f -> f.problem().name()).toList();
    }
}
