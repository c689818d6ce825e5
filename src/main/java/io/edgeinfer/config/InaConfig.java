package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A TI INA219 or INA260 power monitor on I2C, in the board's supply (the {@code telemetry.ina219}
 * or {@code telemetry.ina260} section).
 *
 * @param chip which of the two
 * @param bus I2C bus ({@code /dev/i2c-<bus>})
 * @param address 0x40-0x4F, set by the A0 and A1 pins
 * @param shuntOhms INA219: the shunt resistor; null for the INA260 (its 2 mOhm shunt is built in)
 * @param maxCurrentA INA219: the largest current to measure, which sets the current LSB; null for the INA260
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InaConfig(@JsonIgnore Chip chip, int bus, int address, Double shuntOhms, Double maxCurrentA) {
    /** INA219 datasheet (SBOS448G) 8.5.1, equation 1: Cal = trunc(0.04096 / (Current_LSB x R_shunt)). */
    static final double INA219_CAL_SCALE = 0.04096;
    /** The INA219 shunt ADC's widest range (PGA /8). */
    public static final double INA219_MAX_SHUNT_V = 0.32;

    /** The two chips. */
    public enum Chip {
        INA219, INA260;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public InaConfig {
        Objects.requireNonNull(chip, "chip");
        if ((chip == Chip.INA219) != (shuntOhms != null && maxCurrentA != null)) {
            throw new IllegalArgumentException("shunt and max current are for the INA219 only, and it needs both");
        }
    }

    /** The chip with every key at its default (an empty {@code telemetry.ina219} or {@code ina260} section). */
    public static InaConfig defaults(Chip chip) {
        return Defaults.read("telemetry." + chip.key(), Map.of(), s -> InaConfigReader.chip(s, chip));
    }

    /**
     * The INA219 calibration register for this shunt and maximum current: Current_LSB = max current /
     * 2^15, Cal = trunc(0.04096 / (Current_LSB x R_shunt)), with bit 0 cleared because the chip
     * ignores it (it always reads 0). May be out of the register's range: the reader checks.
     */
    public static long ina219Calibration(double shuntOhms, double maxCurrentA) {
        double currentLsb = maxCurrentA / 32768;
        // The tiny nudge keeps an exact quotient (4096.0) from truncating to 4095 through rounding.
        return (long) Math.floor(INA219_CAL_SCALE / (currentLsb * shuntOhms) * (1 + 1e-12)) & ~1L;
    }

    /** The calibration register value of this (INA219) config. */
    @JsonIgnore
    public int calibration() {
        return (int) ina219Calibration(shuntOhms, maxCurrentA);
    }

    /**
     * The current LSB the chip really applies, in amperes: 0.04096 / (Cal x R_shunt). Slightly above
     * max_current_a / 2^15, since Cal was truncated; using it removes that truncation error.
     */
    @JsonIgnore
    public double currentLsbA() {
        return INA219_CAL_SCALE / (calibration() * shuntOhms);
    }
}
