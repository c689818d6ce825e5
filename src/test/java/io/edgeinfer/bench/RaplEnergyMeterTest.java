package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A powercap tree laid out like the kernel's, in a temporary folder. */
class RaplEnergyMeterTest {
    @TempDir
    Path root;

    private Path domain(String dir, String name, long uj, long range) throws IOException {
        Path d = Files.createDirectories(root.resolve(dir));
        Files.writeString(d.resolve("name"), name + "\n");
        Files.writeString(d.resolve("energy_uj"), uj + "\n");
        Files.writeString(d.resolve("max_energy_range_uj"), range + "\n");
        return d;
    }

    private static void set(Path d, long uj) throws IOException {
        Files.writeString(d.resolve("energy_uj"), uj + "\n");
    }

    @Test
    void packagesAreSummedAndTheirSubDomainsNotCountedTwice() throws Exception {
        Path p0 = domain("intel-rapl:0", "package-0", 1_000_000, 262_143_328_850L);
        Path p1 = domain("intel-rapl:1", "package-1", 5_000_000, 262_143_328_850L);
        Path core = domain("intel-rapl:0/intel-rapl:0:0", "core", 0, 262_143_328_850L);
        Files.createDirectories(root.resolve("intel-rapl:0:0"));
        RaplEnergyMeter m = RaplEnergyMeter.open(root);
        assertThat(m.source()).isEqualTo("rapl:package-0+package-1");
        assertThat(m.joules()).isZero();
        set(p0, 3_500_000);
        set(p1, 6_000_000);
        set(core, 9_000_000);
        assertThat(m.joules()).isCloseTo(2.5 + 1.0, within(1e-9));
    }

    @Test
    void aCounterThatWrapsIsUndone() throws Exception {
        Path p0 = domain("intel-rapl:0", "package-0", 990, 1000);
        RaplEnergyMeter m = RaplEnergyMeter.open(root);
        set(p0, 20);  // 10 uJ to the wrap, then 20
        assertThat(m.joules()).isCloseTo(30e-6, within(1e-12));
        set(p0, 50);
        assertThat(m.joules()).isCloseTo(60e-6, within(1e-12));
    }

    @Test
    void noRaplHereIsAClearError() {
        assertThatThrownBy(() -> RaplEnergyMeter.open(root.resolve("missing")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no RAPL package domains under");
    }

    @Test
    void anUnreadableCounterSaysWhy() throws Exception {
        Path d = domain("intel-rapl:0", "package-0", 1, 1000);
        Files.writeString(d.resolve("energy_uj"), "not a number");
        assertThatThrownBy(() -> RaplEnergyMeter.open(root)).hasMessageContaining("cannot read").hasMessageContaining("root-only");
    }
}
