package io.edgeinfer.config;

import io.edgeinfer.config.InaConfig.Chip;
import io.edgeinfer.config.TelemetryConfig.PowerMode;
import java.util.Locale;

/**
 * Reads {@code telemetry.ina219} / {@code telemetry.ina260}: where the I2C power monitor is and, for
 * the INA219, its shunt and the current range to calibrate for. A section only counts with
 * {@code power} set to its chip or to {@code auto}; elsewhere it would be silently ignored, so it
 * is an error.
 */
final class InaConfigReader {
    /** Calibration bit 0 is void, so 0xFFFE is the largest value the register holds. */
    private static final long MAX_CALIBRATION = 0xFFFE;

    private InaConfigReader() {
    }

    /** The meter's config, or null when no INA is asked for. Call before the section's rejectUnknown. */
    static InaConfig read(Section telemetry, PowerMode power) {
        boolean has219 = telemetry.has("ina219");
        boolean has260 = telemetry.has("ina260");
        if (has219 && has260) {
            telemetry.error("ina260",
                    "configure one I2C power monitor: telemetry.ina219 or telemetry.ina260, not both");
        }
        InaConfig ina219 = power == PowerMode.INA219 || has219 ? chip(telemetry.section("ina219"), Chip.INA219) : null;
        InaConfig ina260 = power == PowerMode.INA260 || has260 ? chip(telemetry.section("ina260"), Chip.INA260) : null;
        for (Chip c : Chip.values()) {
            if (telemetry.has(c.key()) && power != PowerMode.AUTO && !power.key().equals(c.key())) {
                telemetry.error(c.key(), "applies to telemetry.power: " + c.key() + " or auto, but power is " + power
                        .key());
            }
        }
        if (power == PowerMode.INA219 || power == PowerMode.INA260) {
            return power == PowerMode.INA219 ? ina219 : ina260;
        }
        return power == PowerMode.AUTO ? (ina219 != null ? ina219 : ina260) : null;
    }

    /** One chip's own section ({@code telemetry.ina219} or {@code telemetry.ina260}). */
    static InaConfig chip(Section s, Chip chip) {
        int bus = s.integer("bus", 1, 0, 255);
        int address = (int) s.longValue("address", 0x40, 0, 0x7F);
        if (address < 0x40 || address > 0x4F) {
            s.error("address", "must be 0x40-0x4F (set by the A0 and A1 pins), got " + String.format("0x%02X",
                    address));
        }
        Double shunt = null;
        Double maxCurrent = null;
        if (chip == Chip.INA219) {
            // 0.1 Ohm is the common breakout boards' shunt; 3.2 A puts 320 mV (the widest shunt
            // range) across it, so the whole ADC range is used.
            shunt = s.number("shunt_ohms", 0.1, 0.0001, 100);
            maxCurrent = s.number("max_current_a", 3.2, 0.001, 1000);
            checkCalibration(s, shunt, maxCurrent);
        } else {
            for (String key : new String[]{"shunt_ohms", "max_current_a"}) {
                if (s.has(key)) {
                    s.string(key, null);
                    s.error(key, "the INA260 has its shunt built in (2 mOhm, fixed 1.25 mA LSB): nothing to calibrate");
                }
            }
        }
        s.rejectUnknown();
        return new InaConfig(chip, bus, address, shunt, maxCurrent);
    }

    /** Datasheet 8.5.1: max current within what the shunt can show, and Cal within 16 bits. */
    private static void checkCalibration(Section s, double shunt, double maxCurrent) {
        double measurable = InaConfig.INA219_MAX_SHUNT_V / shunt;
        if (maxCurrent > measurable * (1 + 1e-9)) {
            s.error("max_current_a", maxCurrent + " A is more than the INA219 can measure across shunt_ohms " + shunt
                    + ": 0.32 V / " + shunt + " Ohm = " + round(measurable) + " A at its widest (320 mV) range");
            return;
        }
        long cal = InaConfig.ina219Calibration(shunt, maxCurrent);
        if (cal > MAX_CALIBRATION) {
            s.error("max_current_a", maxCurrent + " A with shunt_ohms " + shunt + " needs calibration " + cal
                    + ", beyond the 16-bit register (at most " + MAX_CALIBRATION
                    + "): max_current_a x shunt_ohms must be at least "
                    + round(InaConfig.INA219_CAL_SCALE * 32768 / MAX_CALIBRATION) + " V");
        }
    }

    private static String round(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
