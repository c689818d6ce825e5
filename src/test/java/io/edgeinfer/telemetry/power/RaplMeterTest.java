package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.telemetry.board.Fixtures;
import io.edgeinfer.telemetry.board.HostPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake /sys/class/powercap tree, counters moved by hand. */
class RaplMeterTest {
    private static final long RANGE = 262_143_328_850L; // a real package's max_energy_range_uj

    @TempDir
    Path root;

    private void zone(String dir, String name, long energyUj) {
        Fixtures.write(root, "sys/class/powercap/" + dir + "/name", name + "\n");
        Fixtures.write(root, "sys/class/powercap/" + dir + "/max_energy_range_uj", RANGE + "\n");
        energy(dir, energyUj);
    }

    private void energy(String dir, long uj) {
        Fixtures.write(root, "sys/class/powercap/" + dir + "/energy_uj", uj + "\n");
    }

    @Test
    void packagesAreSummedAndSubzonesIgnored() throws Exception {
        zone("intel-rapl:0", "package-0", 1_000_000);
        zone("intel-rapl:1", "package-1", 5_000_000);
        zone("intel-rapl:0:0", "core", 400_000); // part of package-0: counting it would count twice
        RaplMeter m = RaplMeter.find(HostPaths.under(root)).orElseThrow();
        assertThat(m.read().joules()).isZero();
        energy("intel-rapl:0", 3_500_000);
        energy("intel-rapl:1", 6_000_000);
        energy("intel-rapl:0:0", 9_000_000);
        assertThat(m.read().joules()).isCloseTo(3.5, within(1e-9));
    }

    @Test
    void aCounterWrapIsFoldedInNotANegativeEnergy() throws Exception {
        zone("intel-rapl:0", "package-0", RANGE - 2_000_000);
        RaplMeter m = RaplMeter.find(HostPaths.under(root)).orElseThrow();
        m.read();
        energy("intel-rapl:0", 500_000); // wrapped: 2 J to the top, then 0.5 J
        assertThat(m.read().joules()).isCloseTo(2.5, within(1e-9));
        energy("intel-rapl:0", 1_500_000);
        assertThat(m.read().joules()).isCloseTo(3.5, within(1e-9));
    }

    @Test
    void thePlatformZoneAloneWhereThereIsOne() throws Exception {
        zone("intel-rapl:0", "package-0", 0);
        zone("intel-rapl:1", "psys", 0);
        RaplMeter m = RaplMeter.find(HostPaths.under(root)).orElseThrow();
        assertThat(m.describe()).contains("psys").doesNotContain("package-0");
        m.read();
        energy("intel-rapl:0", 4_000_000);
        energy("intel-rapl:1", 9_000_000);
        assertThat(m.read().joules()).isCloseTo(9.0, within(1e-9));
    }

    @Test
    void withPsysTheDramAndCoreSubzonesAndThePackageAreNeverAddedToIt() throws Exception {
        zone("intel-rapl:0", "package-0", 0);
        zone("intel-rapl:0:0", "core", 0);
        zone("intel-rapl:0:1", "dram", 0);
        zone("intel-rapl:1", "psys", 0);
        RaplMeter m = RaplMeter.find(HostPaths.under(root)).orElseThrow();
        assertThat(m.domains()).containsExactly("psys");
        m.read();
        energy("intel-rapl:0", 4_000_000);
        energy("intel-rapl:0:0", 3_000_000);
        energy("intel-rapl:0:1", 1_000_000);
        energy("intel-rapl:1", 6_000_000);
        assertThat(m.read().joules()).as("psys alone: it contains the package").isCloseTo(6.0, within(1e-9));
    }

    @Test
    void domainsNameThePackagesSummed() {
        zone("intel-rapl:0", "package-0", 0);
        zone("intel-rapl:1", "package-1", 0);
        zone("intel-rapl:0:0", "dram", 0);
        assertThat(RaplMeter.find(HostPaths.under(root)).orElseThrow().domains()).containsExactly("package-0",
                "package-1");
    }

    @Test
    void anUnreadableCounterIsNoMeterAndSaysWhy() {
        zone("intel-rapl:0", "package-0", 0);
        Fixtures.write(root, "sys/class/powercap/intel-rapl:0/energy_uj", "not a number");
        assertThat(RaplMeter.find(HostPaths.under(root))).isEmpty();
        assertThat(RaplMeter.whyMissing(HostPaths.under(root))).contains("energy_uj", "not readable", "root only");
    }

    @Test
    void noPowercapMeansNoMeterAndSaysWhy() {
        assertThat(RaplMeter.find(HostPaths.under(root))).isEmpty();
        assertThat(RaplMeter.whyMissing(HostPaths.under(root))).contains("no ", "intel-rapl:N")
                .contains("no RAPL package domains under " + root.resolve("sys/class/powercap"));
    }

    @Test
    void deltaAcrossTheRange() {
        assertThat(RaplMeter.delta(10, 30, 100)).isEqualTo(20);
        assertThat(RaplMeter.delta(90, 5, 100)).isEqualTo(15);
    }
}
