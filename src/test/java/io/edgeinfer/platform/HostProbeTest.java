package io.edgeinfer.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostProbeTest {
    @TempDir
    Path root;

    @Test
    void aPi4IsAnArmv80CortexA72WithoutAtomics() throws Exception {
        Host h = Boards.pi4(root, "2.36").probe();
        assertThat(h.arch()).isEqualTo("aarch64");
        assertThat(h.cpu()).isEqualTo("ARM Cortex-A72");
        assertThat(h.board()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
        assertThat(h.cpuFeatures()).contains("fp", "asimd", "crc32", "cpuid").doesNotContain("atomics", "avx2");
        assertThat(h.glibc()).contains("2.36");
        assertThat(h.describe()).isEqualTo("aarch64, ARM Cortex-A72 (Raspberry Pi 4 Model B Rev 1.4), glibc 2.36");
    }

    @Test
    void aPi5IsACortexA76WithAtomics() throws Exception {
        Host h = Boards.pi5(root, "2.36").probe();
        assertThat(h.cpu()).isEqualTo("ARM Cortex-A76");
        assertThat(h.cpuFeatures()).contains("atomics", "asimddp", "lrcpc");
    }

    @Test
    void withoutAuxvTheCpuinfoFeaturesLineIsUsed() throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nFeatures\t: fp asimd evtstrm crc32 atomics\n"
                + "CPU implementer\t: 0x41\nCPU part\t: 0xd03\n\nprocessor\t: 1\nFeatures\t: other\n");
        Host h = new HostProbe(proc, root.resolve("sys"), Optional::empty, "aarch64").probe();
        assertThat(h.cpuFeatures()).containsExactlyInAnyOrder("fp", "asimd", "evtstrm", "crc32", "atomics");
        assertThat(h.cpu()).isEqualTo("ARM Cortex-A53");
        assertThat(h.board()).isEmpty();
        assertThat(h.glibc()).isEmpty();
    }

    @Test
    void architecturesAreNamedAsTheNativesNameThem() {
        assertThat(HostProbe.normaliseArch("amd64")).isEqualTo("x86_64");
        assertThat(HostProbe.normaliseArch("aarch64")).isEqualTo("aarch64");
        assertThat(HostProbe.normaliseArch("arm")).isEqualTo("arm");
    }

    @Test
    void thisMachineReportsTheGlibcThatGetconfReports() throws Exception {
        Process p = new ProcessBuilder("getconf", "GNU_LIBC_VERSION").redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String getconf = new String(p.getInputStream().readAllBytes()).trim(); // "glibc 2.36"
        Host h = HostProbe.system().probe();
        assertThat("glibc " + h.glibc().orElseThrow()).isEqualTo(getconf);
        // The fallback used when JNA cannot load answers the same.
        assertThat(HostProbe.getconfGlibc()).isEqualTo(h.glibc());
        assertThat(h.arch()).isEqualTo(HostProbe.normaliseArch(System.getProperty("os.arch")));
        assertThat(h.cpuFeatures()).isNotEmpty();
    }
}
