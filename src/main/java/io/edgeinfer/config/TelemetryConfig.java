package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What telemetry measures and how often (docs/configuration.md, docs/telemetry.md).
 *
 * @param intervalS seconds between telemetry messages
 * @param sampleIntervalS seconds between power readings (at most {@code intervalS})
 * @param power which power meter to use; {@code auto} picks the best one available
 * @param idleW the board's idle power in watts, or null: the baseline of the marginal energy
 *     figure, and the estimate's idle point
 * @param fullW the board's power with every core busy, or null: the estimate's full-load point
 * @param hwmonName the hwmon device (its {@code name} file) to read with {@code power: hwmon}, or null
 * @param degradedP99Ratio inference p99 above this many times the unthrottled baseline, while
 *     throttled, raises {@code latency_degraded_while_throttled}
 * @param ina the I2C power monitor ({@code telemetry.ina219} or {@code ina260}) for {@code power:
 *     ina219|ina260}, or for {@code auto} when its section is there; null otherwise
 */
public record TelemetryConfig(
        double intervalS,
        double sampleIntervalS,
        PowerMode power,
        Double idleW,
        Double fullW,
        String hwmonName,
        double degradedP99Ratio,
        @JsonIgnore InaConfig ina) {

    /** The default of {@code degraded_p99_ratio}, as the reader has it (for benchmarks that build their own config). */
    public static final double DEFAULT_DEGRADED_P99_RATIO = every(10).degradedP99Ratio();

    public TelemetryConfig {
        Objects.requireNonNull(power, "power");
    }

    /** Without an I2C power monitor. */
    public TelemetryConfig(double intervalS, double sampleIntervalS, PowerMode power, Double idleW, Double fullW,
            String hwmonName, double degradedP99Ratio) {
        this(intervalS, sampleIntervalS, power, idleW, fullW, hwmonName, degradedP99Ratio, null);
    }

    /** The effective config shows the monitor under its chip's key, as it is written. */
    @JsonProperty("ina219")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    InaConfig ina219Section() {
        return ina != null && ina.chip() == InaConfig.Chip.INA219 ? ina : null;
    }

    @JsonProperty("ina260")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    InaConfig ina260Section() {
        return ina != null && ina.chip() == InaConfig.Chip.INA260 ? ina : null;
    }

    /** Telemetry every {@code intervalS} with every other key at its default. */
    public static TelemetryConfig every(double intervalS) {
        return Defaults.read("telemetry", Map.of("interval_s", intervalS), TelemetryConfigReader::read);
    }

    /** The {@code telemetry.power} choices. */
    public enum PowerMode {
        AUTO, INA219, INA260, PMIC, HWMON, RAPL, ESTIMATE, OFF;

        public static final Map<String, PowerMode> BY_KEY = Map.of("auto", AUTO, "ina219", INA219, "ina260", INA260,
                "pmic", PMIC, "hwmon", HWMON, "rapl", RAPL, "estimate", ESTIMATE, "off", OFF);

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
