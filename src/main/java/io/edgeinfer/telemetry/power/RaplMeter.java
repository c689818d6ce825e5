package io.edgeinfer.telemetry.power;

import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.SysFs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CPU's RAPL energy counters ({@code /sys/class/powercap/intel-rapl:N/energy_uj}; AMD CPUs use
 * the same interface), the one RAPL reader of the project (telemetry's {@code rapl} meter and
 * {@code bench models --power rapl}).
 *
 * <p>Which zones: the kernel lists the top-level zones {@code intel-rapl:N} (one per CPU package,
 * {@code package-N}, or per die, and on newer Intel machines {@code psys}) and their parts as
 * sub-zones {@code intel-rapl:N:M} ({@code core}, {@code uncore}, {@code dram}). Sub-zones are parts
 * of their package and never read. {@code psys} is the whole platform (SoC, packages and what the
 * platform's power management sees around them), so it already contains the packages: where a
 * readable {@code psys} zone exists it is read <em>alone</em>; adding the packages to it would count
 * them twice. Without it the top-level package zones are summed.
 *
 * <p>Each counter wraps at its {@code max_energy_range_uj}; a reading below the previous one is a
 * wrap, not a negative energy. It meters the CPU package(s) or the platform, not the whole machine.
 */
public final class RaplMeter implements PowerMeter {
    private static final Pattern TOP_ZONE = Pattern.compile("intel-rapl:(\\d+)");

    private final List<Zone> zones;
    private double totalMicroJoules;

    private static final class Zone {
        final Path dir;
        final String name;
        final long range;
        long last = -1;

        Zone(Path dir, String name, long range) {
            this.dir = dir;
            this.name = name;
            this.range = range;
        }
    }

    private RaplMeter(List<Zone> zones) {
        this.zones = zones;
    }

    /** The meter, or empty when this host has no readable RAPL zone. */
    public static Optional<RaplMeter> find(HostPaths host) {
        List<Zone> all = SysFs.numbered(host.sys().resolve("class/powercap"), TOP_ZONE).stream()
                .filter(d -> Files.isReadable(d.resolve("energy_uj")) && SysFs.number(d.resolve("energy_uj")) != null)
                .map(d -> new Zone(d, String.valueOf(SysFs.text(d.resolve("name"))),
                        rangeOf(d)))
                .toList();
        List<Zone> psys = all.stream().filter(z -> z.name.equals("psys")).toList();
        List<Zone> use = psys.isEmpty() ? all : psys;
        return use.isEmpty() ? Optional.empty() : Optional.of(new RaplMeter(use));
    }

    /** Why {@link #find} came back empty, for an operator who asked for RAPL explicitly. */
    public static String whyMissing(HostPaths host) {
        Path powercap = host.sys().resolve("class/powercap");
        List<Path> zones = SysFs.numbered(powercap, TOP_ZONE);
        if (zones.isEmpty()) {
            return "no RAPL package domains under " + powercap + " (no intel-rapl:N zone: not an x86 host with the"
                    + " powercap driver, or a virtual machine)";
        }
        return zones.get(0).resolve("energy_uj") + " is not readable (root only since Linux 5.10;"
                + " a udev rule or systemd-tmpfiles can grant read access)";
    }

    private static long rangeOf(Path d) {
        Long r = SysFs.number(d.resolve("max_energy_range_uj"));
        return r == null || r <= 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String source() {
        return "rapl";
    }

    /** The names of the zones read, e.g. {@code [package-0, package-1]} or {@code [psys]}. */
    public List<String> domains() {
        return zones.stream().map(z -> z.name).toList();
    }

    @Override
    public String describe() {
        return "RAPL " + zones.stream().map(z -> z.dir.getFileName() + " (" + z.name + ")").toList();
    }

    /** Energy since the first reading, in joules; counter wraps folded in. */
    @Override
    public synchronized PowerSample read() throws PowerMeterException {
        long[] now = new long[zones.size()];
        for (int i = 0; i < now.length; i++) {
            Long v = SysFs.number(zones.get(i).dir.resolve("energy_uj"));
            if (v == null) {
                throw new PowerMeterException("cannot read " + zones.get(i).dir.resolve("energy_uj"));
            }
            now[i] = v;
        }
        for (int i = 0; i < now.length; i++) {
            Zone z = zones.get(i);
            if (z.last >= 0) {
                totalMicroJoules += delta(z.last, now[i], z.range);
            }
            z.last = now[i];
        }
        return PowerSample.energy(totalMicroJoules / 1e6);
    }

    /** Counter increase from {@code prev} to {@code now}, across one wrap at {@code range}. */
    static long delta(long prev, long now, long range) {
        return now >= prev ? now - prev : range - prev + now;
    }
}
