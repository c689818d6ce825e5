package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.telemetry.board.Fixtures;
import io.edgeinfer.telemetry.board.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake /sys/class/hwmon and /sys/class/power_supply trees. */
class HwmonMeterTest {
    @TempDir
    Path root;

    private HostPaths host() {
        return HostPaths.under(root);
    }

    private void gpu() {
        Fixtures.write(root, "sys/class/hwmon/hwmon0/name", "amdgpu\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon0/power1_average", "42500000\n");
    }

    @Test
    void aShuntMonitorsPowerChannelIsReadInMicrowatts() throws Exception {
        gpu();
        Fixtures.write(root, "sys/class/hwmon/hwmon3/name", "ina219\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon3/power1_input", "3215000\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon3/in1_input", "5080\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon3/curr1_input", "633\n");
        HwmonMeter m = HwmonMeter.find(host(), null, true).orElseThrow();
        assertThat(m.describe()).contains("hwmon3 (ina219)");
        assertThat(m.read().watts()).isEqualTo(3.215);
        Fixtures.write(root, "sys/class/hwmon/hwmon3/power1_input", "4000000\n");
        assertThat(m.read().watts()).as("read anew each time").isEqualTo(4.0);
    }

    @Test
    void withoutAPowerChannelCurrentTimesVoltageOfTheSameIndexIsSummed() throws Exception {
        Fixtures.write(root, "sys/class/hwmon/hwmon1/name", "ina3221\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon1/curr1_input", "1000\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon1/in1_input", "5000\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon1/curr2_input", "250\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon1/in2_input", "3300\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon1/curr3_input", "99\n"); // no in3: not a channel
        assertThat(HwmonMeter.find(host(), null, true).orElseThrow().read().watts()).isCloseTo(5.825, within(1e-9));
    }

    @Test
    void autoLeavesAGpusPowerAloneButAnExplicitChoiceMayTakeIt() throws Exception {
        gpu();
        assertThat(HwmonMeter.find(host(), null, true)).isEmpty();
        assertThat(HwmonMeter.find(host(), null, false).orElseThrow().read().watts()).isEqualTo(42.5);
        assertThat(HwmonMeter.find(host(), "amdgpu", true).orElseThrow().read().watts()).isEqualTo(42.5);
        assertThat(HwmonMeter.find(host(), "ina226", false)).isEmpty();
    }

    @Test
    void aPowerSupplyCountsWithPowerNowOrCurrentTimesVoltage() throws Exception {
        Fixtures.write(root, "sys/class/power_supply/usb-pd/type", "USB\n");
        Fixtures.write(root, "sys/class/power_supply/usb-pd/current_now", "1200000\n");
        Fixtures.write(root, "sys/class/power_supply/usb-pd/voltage_now", "5100000\n");
        HwmonMeter m = HwmonMeter.find(host(), null, true).orElseThrow();
        assertThat(m.describe()).contains("power_supply usb-pd");
        assertThat(m.read().watts()).isCloseTo(6.12, within(1e-9));
    }

    @Test
    void aBatteryPowersTheBoardOnlyWhileDischarging() throws Exception {
        Fixtures.write(root, "sys/class/power_supply/BAT0/type", "Battery\n");
        Fixtures.write(root, "sys/class/power_supply/BAT0/status", "Discharging\n");
        Fixtures.write(root, "sys/class/power_supply/BAT0/power_now", "8450000\n");
        HwmonMeter m = HwmonMeter.find(host(), "BAT0", false).orElseThrow();
        assertThat(m.read().watts()).isEqualTo(8.45);
        Fixtures.write(root, "sys/class/power_supply/BAT0/status", "Charging\n");
        assertThatThrownBy(m::read).isInstanceOf(PowerMeterException.class).hasMessageContaining("not discharging");
    }

    @Test
    void aChannelThatVanishesFailsTheReadingInsteadOfReadingZero() throws Exception {
        Path f = Fixtures.write(root, "sys/class/hwmon/hwmon0/power1_input", "1000000\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon0/name", "ina260\n");
        HwmonMeter m = HwmonMeter.find(host(), null, true).orElseThrow();
        Files.delete(f);
        assertThatThrownBy(m::read).isInstanceOf(PowerMeterException.class).hasMessageContaining("power1_input");
    }
}
