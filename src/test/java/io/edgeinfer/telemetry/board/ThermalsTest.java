package io.edgeinfer.telemetry.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThermalsTest {
    @TempDir
    Path root;

    @Test
    void piReadsItsCpuZoneAndTheMeanClockOfItsCores() {
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/temp", "61334\n");
        for (int i = 0; i < 4; i++) {
            // A governor that has two cores at 1.5 GHz and two at 1.0 GHz averages 1.25 GHz.
            Fixtures.write(root, "sys/devices/system/cpu/cpu" + i + "/cpufreq/scaling_cur_freq", i < 2
                    ? "1500000\n"
                    : "1000000\n");
        }
        Thermals t = new Thermals(HostPaths.under(root));
        assertThat(t.cpuTempC()).isEqualTo(61.334);
        assertThat(t.cpuFreqMhz()).isEqualTo(1250.0);
        assertThat(t.describe()).contains("thermal_zone0 (cpu-thermal)", "4 CPU(s)");
    }

    @Test
    void prefersTheCpuZoneOverAnEarlierBoardZoneAndTheHardwareClockOverTheGovernors() {
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/type", "acpitz\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/temp", "27800\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone2/type", "x86_pkg_temp\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone2/temp", "48000\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone10/type", "iwlwifi_1\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone10/temp", "40000\n");
        Fixtures.write(root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "1800000\n");
        Fixtures.write(root, "sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_cur_freq", "600000\n");
        Thermals t = new Thermals(HostPaths.under(root));
        assertThat(t.cpuTempC()).isEqualTo(48.0);
        assertThat(t.cpuFreqMhz()).as("the clock actually running (throttled), not the request").isEqualTo(600.0);
    }

    @Test
    void aHostThatExposesNeitherGetsNullsNotZeros() {
        Fixtures.write(root, "sys/devices/system/cpu/cpu0/online", "1\n");
        Thermals t = new Thermals(HostPaths.under(root));
        assertThat(t.cpuTempC()).isNull();
        assertThat(t.cpuFreqMhz()).isNull();
    }

    @Test
    void anUnreadableValueIsNull() {
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/temp", "garbage\n");
        assertThat(new Thermals(HostPaths.under(root)).cpuTempC()).isNull();
    }

    @Test
    void boardModelDropsTheDeviceTreesTrailingNul() {
        Fixtures.boardModel(root, "Raspberry Pi 4 Model B Rev 1.5");
        assertThat(BoardModel.read(HostPaths.under(root))).isEqualTo("Raspberry Pi 4 Model B Rev 1.5");
        assertThat(BoardModel.read(HostPaths.under(root.resolve("elsewhere")))).isNull();
    }
}
