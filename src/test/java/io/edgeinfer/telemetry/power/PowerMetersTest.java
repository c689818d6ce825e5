package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import io.edgeinfer.telemetry.board.CommandRunner;
import io.edgeinfer.telemetry.board.Fixtures;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.Vcgencmd;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which meter {@code telemetry.power} ends up with, on fake hosts. */
class PowerMetersTest {
    @TempDir
    Path root;

    private final ManualNanoClock clock = new ManualNanoClock();

    @BeforeEach
    void procStat() {
        Fixtures.write(root, "proc/stat", "cpu  10 0 10 100 0 0 0 0 0 0\n");
    }

    private static TelemetryConfig config(PowerMode mode, Double idle, Double full, String hwmon) {
        return new TelemetryConfig(10, 1, mode, idle, full, hwmon, 1.5);
    }

    private PowerMeters.Selection select(PowerMode mode, CommandRunner vcgencmd) throws PowerMeterException {
        return PowerMeters.select(config(mode, null, null, null), HostPaths.under(root), new Vcgencmd(vcgencmd), clock);
    }

    private static CommandRunner pi5() {
        return Fixtures.vcgencmdAnswering(Map.of("pmic_read_adc", Fixtures.vcgencmd("pi5-pmic_read_adc.txt")));
    }

    private void ina219() {
        Fixtures.write(root, "sys/class/hwmon/hwmon2/name", "ina219\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon2/power1_input", "3000000\n");
    }

    private void rapl() {
        Fixtures.write(root, "sys/class/powercap/intel-rapl:0/name", "package-0\n");
        Fixtures.write(root, "sys/class/powercap/intel-rapl:0/energy_uj", "123456\n");
    }

    @Test
    void autoPrefersThePmicOverEverythingElse() throws Exception {
        ina219();
        rapl();
        Fixtures.boardModel(root, "Raspberry Pi 5 Model B Rev 1.0");
        assertThat(select(PowerMode.AUTO, pi5()).meter()).hasValueSatisfying(m -> assertThat(m.source()).isEqualTo(
                "pmic"));
    }

    @Test
    void autoFallsToHwmonThenRaplThenTheEstimate() throws Exception {
        Fixtures.boardModel(root, "Raspberry Pi 4 Model B Rev 1.5");
        PowerMeters.Selection estimate = select(PowerMode.AUTO, Fixtures.noVcgencmd());
        assertThat(estimate.meter().orElseThrow()).isInstanceOf(EstimateMeter.class);
        assertThat(estimate.meter().orElseThrow().describe()).contains("2.7 W", "6.4 W", "Raspberry Pi 4 Model B");
        assertThat(estimate.notes()).anySatisfy(n -> assertThat(n).startsWith("pmic:").contains("not installed"));
        rapl();
        assertThat(select(PowerMode.AUTO, Fixtures.noVcgencmd()).meter().orElseThrow().source()).isEqualTo("rapl");
        ina219();
        assertThat(select(PowerMode.AUTO, Fixtures.noVcgencmd()).meter().orElseThrow().source()).isEqualTo("hwmon");
    }

    @Test
    void autoOnAnUnknownBoardWithoutMetersHasNoneAndSaysWhyForEach() throws Exception {
        PowerMeters.Selection none = select(PowerMode.AUTO, Fixtures.noVcgencmd());
        assertThat(none.meter()).isEmpty();
        assertThat(none.notes()).hasSize(4);
        assertThat(String.join("\n", none.notes())).contains("pmic:", "hwmon:", "rapl:", "estimate:",
                "not in the board table");
    }

    @Test
    void configuredWattsMakeTheEstimateWorkOnAnyBoard() throws Exception {
        PowerMeter m = PowerMeters.select(config(PowerMode.ESTIMATE, 40.0, 120.0, null), HostPaths.under(root),
                new Vcgencmd(Fixtures.noVcgencmd()), clock).meter().orElseThrow();
        assertThat(m.describe()).contains("40.0 W", "120.0 W", "telemetry.idle_w/full_w");
    }

    @Test
    void anExplicitChoiceThisHostCannotServeIsAnErrorNotAFallback() {
        rapl();
        assertThatThrownBy(() -> select(PowerMode.PMIC, Fixtures.noVcgencmd()))
                .isInstanceOf(PowerMeterException.class).hasMessageContaining("pmic is not available");
        assertThatThrownBy(() -> select(PowerMode.HWMON, Fixtures.noVcgencmd()))
                .hasMessageContaining("no hwmon device or power supply reports power");
        assertThatThrownBy(() -> select(PowerMode.ESTIMATE, Fixtures.noVcgencmd()))
                .hasMessageContaining("set telemetry.idle_w and telemetry.full_w");
    }

    @Test
    void explicitRaplWithoutPowercapSaysSo() {
        assertThatThrownBy(() -> select(PowerMode.RAPL, Fixtures.noVcgencmd()))
                .isInstanceOf(PowerMeterException.class).hasMessageContaining("rapl is not available")
                .hasMessageContaining("intel-rapl");
    }

    @Test
    void offMeansNoMeterEvenWhereThereIsOne() throws Exception {
        rapl();
        assertThat(select(PowerMode.OFF, Fixtures.noVcgencmd()).meter()).isEmpty();
    }
}
