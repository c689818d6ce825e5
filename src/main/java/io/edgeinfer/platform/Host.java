package io.edgeinfer.platform;

import java.util.Optional;
import java.util.Set;

/**
 * What the start-up checks need to know about the machine.
 *
 * @param arch the JVM's architecture, normalised to the natives' naming ({@code x86_64},
 *     {@code aarch64}; {@code arm} for a 32-bit ARM JVM)
 * @param cpuFeatures the CPU features the kernel lets user space use (arm64: the HWCAP names, as
 *     in {@code /proc/cpuinfo}'s "Features"; x86: its "flags")
 * @param cpu a readable CPU name, e.g. "ARM Cortex-A72"
 * @param board the device-tree model, e.g. "Raspberry Pi 5 Model B Rev 1.0", or empty
 * @param glibc the running glibc's version; empty when the C library is not glibc
 */
public record Host(String arch, Set<String> cpuFeatures, String cpu, String board, Optional<String> glibc) {
    public Host {
        cpuFeatures = Set.copyOf(cpuFeatures);
    }

    /** One line for logs and {@code check-config}. */
    public String describe() {
        return arch + ", " + cpu + (board.isEmpty() ? "" : " (" + board + ")") + ", glibc " + glibc.orElse("none");
    }
}
