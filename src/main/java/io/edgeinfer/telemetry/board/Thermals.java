package io.edgeinfer.telemetry.board;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * CPU temperature from {@code /sys/class/thermal} and CPU frequency from cpufreq. Each value is null
 * where the host does not expose it (many VMs expose neither).
 */
public final class Thermals {
    private static final Pattern ZONE = Pattern.compile("thermal_zone(\\d+)");
    private static final Pattern CPU = Pattern.compile("cpu(\\d+)");

    private final Path zone;
    private final String zoneType;
    private final List<Path> cpufreq;

    public Thermals(HostPaths host) {
        Path picked = null;
        String type = null;
        for (Path z : SysFs.numbered(host.sys().resolve("class/thermal"), ZONE)) {
            String t = SysFs.text(z.resolve("type"));
            if (picked == null || (isCpu(t) && !isCpu(type))) {
                picked = z;
                type = t;
            }
        }
        this.zone = picked;
        this.zoneType = type;
        this.cpufreq = SysFs.numbered(host.sys().resolve("devices/system/cpu"), CPU).stream()
                .map(c -> c.resolve("cpufreq"))
                .filter(Files::isDirectory)
                .toList();
    }

    /** The CPU's zone: the first whose type names the CPU or SoC, else the first zone. */
    private static boolean isCpu(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return t.contains("cpu") || t.contains("soc") || t.equals("x86_pkg_temp") || t.equals("k10temp");
    }

    /** Degrees Celsius, or null. */
    public Double cpuTempC() {
        Long milli = zone == null ? null : SysFs.number(zone.resolve("temp"));
        return milli == null ? null : milli / 1000.0;
    }

    /**
     * Mean current frequency over the CPUs in MHz, or null. Prefers {@code cpuinfo_cur_freq} (the
     * clock the hardware runs at, root only) over {@code scaling_cur_freq} (what the governor asked).
     */
    public Double cpuFreqMhz() {
        double sum = 0;
        int n = 0;
        for (Path c : cpufreq) {
            Long khz = SysFs.number(c.resolve("cpuinfo_cur_freq"));
            if (khz == null) {
                khz = SysFs.number(c.resolve("scaling_cur_freq"));
            }
            if (khz != null) {
                sum += khz;
                n++;
            }
        }
        return n == 0 ? null : sum / n / 1000.0;
    }

    /** For the start-up log line. */
    public String describe() {
        return "temperature " + (zone == null ? "none" : zone.getFileName() + " (" + zoneType + ")")
                + ", cpufreq on " + cpufreq.size() + " CPU(s)";
    }
}
