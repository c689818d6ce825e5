package io.edgeinfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from /proc/self/status. The high-water mark (VmHWM) can be reset
 * by writing 5 to /proc/self/clear_refs (Linux 4.0+), which turns "peak RSS" into a per-model
 * figure: reset, load and run one model, read the peak.
 */
final class MemoryProbe {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private MemoryProbe() {
    }

    /** VmRSS in kB, or -1 off Linux. */
    static long rssKb() {
        return field("VmRSS:");
    }

    /** VmHWM in kB, or -1 off Linux. */
    static long peakKb() {
        return field("VmHWM:");
    }

    /** Resets the peak to the current RSS; false when the kernel does not allow it. */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
