package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.context.Context;
import io.edgeinfer.config.InaConfig;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import io.edgeinfer.hardware.sim.Ina219Sim;
import io.edgeinfer.hardware.sim.Ina260Sim;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.telemetry.board.CommandRunner;
import io.edgeinfer.telemetry.board.Fixtures;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.Vcgencmd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code telemetry.power: ina219|ina260}, and where the INA meters stand in {@code auto}. */
class PowerMetersInaTest {
    @TempDir
    Path root;

    private final ManualNanoClock clock = new ManualNanoClock();
    private final SimulatedBoard board = new SimulatedBoard();
    private final List<Context> contexts = new ArrayList<>();
    private PowerMeter selected;

    @BeforeEach
    void host() {
        Fixtures.write(root, "proc/stat", "cpu  10 0 10 100 0 0 0 0 0 0\n");
        Fixtures.write(root, "sys/class/powercap/intel-rapl:0/name", "package-0\n");
        Fixtures.write(root, "sys/class/powercap/intel-rapl:0/energy_uj", "123456\n");
    }

    @AfterEach
    void close() {
        if (selected != null) {
            selected.close();
        }
        contexts.forEach(c -> assertThat(c.isShutdown()).as("every context opened for a meter is closed").isTrue());
    }

    private static TelemetryConfig config(PowerMode mode, InaConfig ina) {
        return new TelemetryConfig(10, 1, mode, null, null, null, 1.5, ina);
    }

    private PowerMeters.Selection select(PowerMode mode, InaConfig ina, CommandRunner vcgencmd)
            throws PowerMeterException {
        PowerMeters.Selection s = PowerMeters.select(config(mode, ina), HostPaths.under(root), new Vcgencmd(vcgencmd),
                clock, () -> {
                    Context c = board.newContext();
                    contexts.add(c);
                    return c;
                });
        selected = s.meter().orElse(null);
        return s;
    }

    private static CommandRunner pi5() {
        return Fixtures.vcgencmdAnswering(Map.of("pmic_read_adc", Fixtures.vcgencmd("pi5-pmic_read_adc.txt")));
    }

    private void ina219(int address) {
        Ina219Sim chip = new Ina219Sim(0.1);
        chip.set(5.1, 0.6);
        board.attachI2c(1, address, chip);
    }

    @Test
    void explicitIna219ReadsTheChipAtItsDefaultAddress() throws Exception {
        ina219(0x40);
        PowerMeter m = select(PowerMode.INA219, null, Fixtures.noVcgencmd()).meter().orElseThrow();
        assertThat(m.source()).isEqualTo("ina219");
        assertThat(m.read().watts()).isBetween(3.0, 3.1);
    }

    @Test
    void explicitIna260UsesTheConfiguredBusAndAddress() throws Exception {
        Ina260Sim chip = new Ina260Sim();
        chip.set(12, 0.5);
        board.attachI2c(3, 0x41, chip);
        PowerMeter m = select(PowerMode.INA260, new InaConfig(InaConfig.Chip.INA260, 3, 0x41, null, null), Fixtures
                .noVcgencmd())
                .meter().orElseThrow();
        assertThat(m.describe()).contains("0x41 on /dev/i2c-3");
        assertThat(m.read().watts()).isBetween(5.99, 6.01);
    }

    @Test
    void anExplicitInaThatIsNotThereIsAnErrorNamingTheDevice() {
        assertThatThrownBy(() -> select(PowerMode.INA219, null, pi5())).isInstanceOf(PowerMeterException.class)
                .hasMessageContaining("ina219 is not available on this host").hasMessageContaining(
                        "0x40 on /dev/i2c-1");
    }

    @Test
    void anExplicitInaWhoseFirstReadingFailsIsClosed() {
        Ina219Sim chip = new Ina219Sim(0.1);
        chip.set(5, 3.0);
        board.attachI2c(1, 0x40, chip);
        assertThatThrownBy(() -> select(PowerMode.INA219, new InaConfig(InaConfig.Chip.INA219, 1, 0x40, 0.1, 1.0),
                pi5()))
                .hasMessageContaining("math overflow");
        assertThat(contexts).hasSize(1); // and @AfterEach checks it was shut down
    }

    @Test
    void autoWithAConfiguredInaTakesItBeforeThePmic() throws Exception {
        ina219(0x44);
        PowerMeters.Selection s = select(PowerMode.AUTO, new InaConfig(InaConfig.Chip.INA219, 1, 0x44, 0.1, 3.2),
                pi5());
        assertThat(s.meter().orElseThrow().source()).isEqualTo("ina219");
    }

    @Test
    void autoWithoutAnInaSectionNeverTouchesTheI2cBus() throws Exception {
        ina219(0x40);
        PowerMeters.Selection s = select(PowerMode.AUTO, null, Fixtures.noVcgencmd());
        assertThat(s.meter().orElseThrow().source()).isEqualTo("rapl");
        assertThat(contexts).as("no Pi4J context was opened").isEmpty();
    }

    @Test
    void autoWithAConfiguredInaThatIsAbsentFallsBackAndSaysWhy() throws Exception {
        PowerMeters.Selection s = select(PowerMode.AUTO, InaConfig.defaults(InaConfig.Chip.INA260), Fixtures
                .noVcgencmd());
        assertThat(s.meter().orElseThrow().source()).isEqualTo("rapl");
        assertThat(s.notes()).first().asString().startsWith("ina260:").contains("0x40 on /dev/i2c-1");
    }
}
