package io.edgeinfer.telemetry;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU, resident memory, heap, GC pauses and threads of this process, read on the telemetry thread. */
public final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> pausing = ManagementFactory.getGarbageCollectorMXBeans().stream()
            // ZGC and Shenandoah also report their concurrent cycles, which do not stop the application.
            .filter(gc -> !gc.getName().contains("Cycles") && !gc.getName().contains("Concurrent"))
            .toList();
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private long lastCpuNanos = os.getProcessCpuTime();
    private long lastWallNanos = System.nanoTime();
    private long lastGcMs = gcTimeMs();
    private long lastGcCount = gcCount();

    /** Stop-the-world GC since the previous call: total pause time and number of collections. */
    public record GcInterval(double pauseMs, long count) {
    }

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

    /** GC pauses since the previous call (the JVM's collection time of its pausing collectors). */
    public synchronized GcInterval gcSinceLast() {
        long ms = gcTimeMs();
        long n = gcCount();
        GcInterval g = new GcInterval(ms - lastGcMs, n - lastGcCount);
        lastGcMs = ms;
        lastGcCount = n;
        return g;
    }

    private long gcTimeMs() {
        return pausing.stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    private long gcCount() {
        return pausing.stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum();
    }

    /** Java threads of this JVM. */
    public int jvmThreads() {
        return threads.getThreadCount();
    }

    /** What the kernel says of this process ({@code /proc/self/status}); fields null off Linux. */
    public record OsStatus(Double rssMb, Integer threads) {
    }

    /**
     * Resident set size in MB (VmRSS) and the process's thread count (Threads), which unlike the
     * JVM's count includes PyTorch's native worker threads.
     */
    public static OsStatus osStatus() {
        Double rss = null;
        Integer n = null;
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    rss = round1(Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0);
                } else if (line.startsWith("Threads:")) {
                    n = Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return new OsStatus(rss, n);
        }
        return new OsStatus(rss, n);
    }

    /** Resident set size in MB (VmRSS), or null off Linux. */
    public Double rssMb() {
        return osStatus().rssMb();
    }

    public double heapUsedMb() {
        return round1(memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0));
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
