package io.edgeinfer.bench.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the process holds at one moment: threads and open file descriptors (Linux). */
record Resources(int threads, long fds) {

    static Resources now() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), s.count());
        }
    }

    Resources minus(Resources earlier) {
        return new Resources(threads - earlier.threads, fds - earlier.fds);
    }

    /**
     * Java heap in use after a full collection. Two collections: the first may leave objects with
     * finalizers or in reference queues for the second.
     */
    static long heapAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        m.gc();
        m.gc();
        return m.getHeapMemoryUsage().getUsed();
    }

    /** Resident memory of process {@code pid} in KiB (VmRSS), or -1 where /proc does not say. */
    static long rssKb(long pid) {
        return status(pid, "VmRSS:");
    }

    /** The peak resident memory of this process in KiB (VmHWM), or -1 where /proc does not say. */
    static long peakRssKb() {
        return status(ProcessHandle.current().pid(), "VmHWM:");
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
