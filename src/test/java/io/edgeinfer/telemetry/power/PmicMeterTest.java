package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.telemetry.board.Fixtures;
import io.edgeinfer.telemetry.board.Vcgencmd;
import io.edgeinfer.telemetry.power.PmicAdc.Rail;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Raspberry Pi 5 PMIC parser on a recorded output (fixtures/vcgencmd/SOURCES.md). */
class PmicMeterTest {
    private final String pi5 = Fixtures.vcgencmd("pi5-pmic_read_adc.txt");

    @Test
    void twelveRailsHaveBothChannelsAndTheVoltageOnlyOnesAreLeftOut() throws Exception {
        Map<String, Rail> rails = PmicAdc.rails(pi5);
        assertThat(rails).hasSize(12).doesNotContainKeys("EXT5V", "BATT");
        assertThat(rails.keySet()).startsWith("3V7_WL_SW", "3V3_SYS", "1V8_SYS", "DDR_VDD2");
        Rail core = rails.get("VDD_CORE");
        assertThat(core.amps()).isEqualTo(6.22421);
        assertThat(core.volts()).isEqualTo(0.861733);
        assertThat(core.watts()).isCloseTo(5.3636, within(1e-4));
    }

    @Test
    void boardPowerIsTheSumOfVoltsTimesAmpsOverTheRails() throws Exception {
        // Worked by hand from the fixture: 5.3636 W of core, 0.2891 W of DRAM, the rest small rails.
        assertThat(PmicAdc.totalWatts(pi5)).isCloseTo(7.2398, within(1e-4));
        PmicMeter meter = new PmicMeter(new Vcgencmd(Fixtures.vcgencmdAnswering(Map.of("pmic_read_adc", pi5))));
        assertThat(meter.read().watts()).isCloseTo(7.2398, within(1e-4));
        assertThat(meter.source()).isEqualTo("pmic");
    }

    @Test
    void nulSeparatedOutputOfTheMailboxParsesTheSame() throws Exception {
        assertThat(PmicAdc.totalWatts(pi5.replace('\n', '\0'))).isCloseTo(7.2398, within(1e-4));
    }

    @Test
    void aBoardWithoutThePmicAdcIsAClearFailure() {
        PmicMeter meter = new PmicMeter(new Vcgencmd(Fixtures.vcgencmdAnswering(Map.of())));
        assertThatThrownBy(meter::read).isInstanceOf(PowerMeterException.class).hasMessageContaining(
                "Command not registered");
        assertThatThrownBy(() -> PmicAdc.totalWatts(Fixtures.vcgencmd("pi5-command-not-registered.txt")))
                .isInstanceOf(PowerMeterException.class)
                .hasMessageContaining("no rail with both current and voltage");
        PmicMeter offPi = new PmicMeter(new Vcgencmd(Fixtures.noVcgencmd()));
        assertThatThrownBy(offPi::read).isInstanceOf(PowerMeterException.class).hasMessageContaining("not installed");
    }
}
