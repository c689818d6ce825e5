package io.edgeinfer.telemetry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU, resident memory and heap of this process, read on the telemetry thread. */
public final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private long lastCpuNanos = os.getProcessCpuTime();
    private long lastWallNanos = System.nanoTime();

    /**
     * Process CPU time since the previous call as a share of the whole machine (0-100, all cores),
     * or null if the platform cannot tell.
     */
    public synchronized Double cpuPercentSinceLast() {
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        long dCpu = cpu - lastCpuNanos;
        long dWall = wall - lastWallNanos;
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        if (cpu < 0 || dWall <= 0) {
            return null;
        }
        return round1(100.0 * dCpu / ((double) dWall * cpus));
    }

    /** Resident set size in MB (VmRSS), or null off Linux. */
    public Double rssMb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return round1(Long.parseLong(kb) / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    public double heapUsedMb() {
        return round1(memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0));
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
