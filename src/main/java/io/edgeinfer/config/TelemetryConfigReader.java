package io.edgeinfer.config;

import io.edgeinfer.config.TelemetryConfig.PowerMode;

/** Reads the {@code telemetry} section; its keys and defaults are documented in docs/configuration.md. */
final class TelemetryConfigReader {
    private static final double MAX_WATTS = 10_000;

    private TelemetryConfigReader() {
    }

    static TelemetryConfig read(Section s) {
        double interval = s.number("interval_s", 10, 0.1, 86_400);
        double sample = s.number("sample_interval_s", Double.NaN, 0.1, 60);
        if (Double.isNaN(sample)) {
            sample = Math.min(1, interval);
        } else if (sample > interval) {
            s.error("sample_interval_s", "must not exceed telemetry.interval_s (" + interval + "), got " + sample);
        }
        // YAML 1.1 reads a bare `off` as the boolean false: that is what the operator meant.
        PowerMode power = "false".equals(s.string("power", null))
                ? PowerMode.OFF
                : s.choice("power", PowerMode.AUTO, PowerMode.BY_KEY);
        Double idle = watts(s, "idle_w");
        Double full = watts(s, "full_w");
        if (full != null && idle == null && !s.has("idle_w")) {
            s.error("full_w", "needs telemetry.idle_w too: the estimate runs from idle to full load");
        } else if (full != null && idle != null && full <= idle) {
            s.error("full_w", "must be greater than telemetry.idle_w (" + idle + "), got " + full);
        }
        String hwmon = s.string("hwmon_name", null);
        if (hwmon != null && hwmon.isBlank()) {
            s.error("hwmon_name", "must not be blank");
        }
        double ratio = s.number("degraded_p99_ratio", 1.5, 1.05, 100);
        InaConfig ina = InaConfigReader.read(s, power);
        return new TelemetryConfig(interval, sample, power, idle, full, hwmon, ratio, ina);
    }

    private static Double watts(Section s, String key) {
        double w = s.number(key, Double.NaN, 0.001, MAX_WATTS);
        return Double.isNaN(w) ? null : w;
    }
}
