package io.edgeinfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Intel/AMD RAPL through the powercap sysfs: the top-level {@code intel-rapl:N} domains (whole CPU
 * packages; their sub-domains are parts of them and are not added again). Counters are microjoules
 * that wrap at {@code max_energy_range_uj}; a wrap between two reads is undone, which holds as long
 * as reads are less than one wrap period apart (tens of minutes at full power).
 */
public final class RaplEnergyMeter implements EnergyMeter {
    /** Where the kernel publishes it. */
    public static final Path SYSFS = Path.of("/sys/class/powercap");

    private final List<Domain> domains;
    private final String source;

    private static final class Domain {
        final Path counter;
        final long range;
        long last;
        long total;

        Domain(Path counter, long range, long first) {
            this.counter = counter;
            this.range = range;
            this.last = first;
        }
    }

    private RaplEnergyMeter(List<Domain> domains, String source) {
        this.domains = domains;
        this.source = source;
    }

    /**
     * Opens every package domain under {@code root} (normally {@link #SYSFS}).
     *
     * @throws IOException saying why RAPL is unusable here (absent in VMs and on ARM boards;
     *     energy_uj is root-only on recent kernels)
     */
    public static RaplEnergyMeter open(Path root) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            dirs = s.filter(p -> p.getFileName().toString().matches("intel-rapl:\\d+")).sorted().toList();
        }
        if (dirs.isEmpty()) {
            throw new IOException("no RAPL package domains under " + root
                    + " (not an x86 host with the powercap driver, or a virtual machine)");
        }
        List<Domain> domains = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path d : dirs) {
            Path counter = d.resolve("energy_uj");
            try {
                domains.add(new Domain(counter, read(d.resolve("max_energy_range_uj")), read(counter)));
            } catch (IOException | NumberFormatException e) {
                throw new IOException("cannot read " + counter + " (" + e.getMessage() + "); it is root-only on recent kernels", e);
            }
            names.add(Files.readString(d.resolve("name")).trim());
        }
        return new RaplEnergyMeter(domains, "rapl:" + String.join("+", names));
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public synchronized double joules() {
        long uj = 0;
        for (Domain d : domains) {
            long now;
            try {
                now = read(d.counter);
            } catch (IOException e) {
                throw new IllegalStateException("RAPL counter " + d.counter + " became unreadable: " + e.getMessage(), e);
            }
            d.total += now >= d.last ? now - d.last : d.range - d.last + now;
            d.last = now;
            uj += d.total;
        }
        return uj / 1e6;
    }

    private static long read(Path p) throws IOException {
        return Long.parseLong(Files.readString(p).trim());
    }
}
