package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeinfer.config.InaConfig;
import io.edgeinfer.hardware.Pi4jBoard;
import org.junit.jupiter.api.Test;

/**
 * The INA meters on a real Raspberry Pi that is powered through the chip, through Pi4J's linuxfs
 * provider. Each test runs only where its chip is wired and named in the environment
 * (docs/sensors.md, "Tests without hardware, and with it"): EDGEINFER_HW_INA219=bus:address:shunt_ohms:max_current_a,
 * EDGEINFER_HW_INA260=bus:address. A running Pi draws 5 V at a few hundred mA to a few A.
 */
class InaHardwareIT {
    private static String[] wired(String variable) {
        String v = System.getenv(variable);
        assumeTrue(v != null, variable + " is not set: no such power monitor in this board's supply");
        return v.split(":");
    }

    private static void assertAPoweredPi(InaReading r) {
        assertThat(r.volts()).as("a Pi's 5 V supply").isBetween(4.5, 5.5);
        assertThat(Math.abs(r.amps())).as("a running Pi's current").isBetween(0.1, 6.0);
        assertThat(r.watts()).as("the chip's power against V x I").isCloseTo(r.volts() * Math.abs(r.amps()), within(0.05
                * r.watts() + 0.05));
    }

    @Test
    void ina219InTheSupplyReadsTheBoardsPower() throws Exception {
        String[] a = wired("EDGEINFER_HW_INA219");
        InaConfig c = new InaConfig(InaConfig.Chip.INA219, Integer.parseInt(a[0]), Integer.decode(a[1]), Double
                .parseDouble(a[2]),
                Double.parseDouble(a[3]));
        try (Ina219Meter m = (Ina219Meter) InaMeters.open(c, Pi4jBoard::newContext)) {
            assertAPoweredPi(m.measure());
        }
    }

    @Test
    void ina260InTheSupplyReadsTheBoardsPower() throws Exception {
        String[] a = wired("EDGEINFER_HW_INA260");
        InaConfig c = new InaConfig(InaConfig.Chip.INA260, Integer.parseInt(a[0]), Integer.decode(a[1]), null, null);
        try (Ina260Meter m = (Ina260Meter) InaMeters.open(c, Pi4jBoard::newContext)) {
            assertAPoweredPi(m.measure());
        }
    }
}
