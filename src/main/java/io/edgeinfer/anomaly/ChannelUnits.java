package io.edgeinfer.anomaly;

import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.config.Mpu6050Config;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.config.SourceConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The name and unit of each channel of a sample stream, from its source config. Severity needs an
 * acceleration in a known unit; the detectors need neither (they learn whatever the numbers are).
 *
 * @param names one per channel, for feature and severity names
 * @param units one per channel, {@code null} where unknown
 */
public record ChannelUnits(List<String> names, List<String> units) {
    /** Acceleration units and their factor to m/s². */
    private static final Map<String, Double> ACCELERATIONS = Map.of("g", VelocitySeverity.STANDARD_GRAVITY,
            "mg", VelocitySeverity.STANDARD_GRAVITY / 1000, "m/s^2", 1.0, "m/s2", 1.0, "m/s²", 1.0);

    public ChannelUnits {
        names = List.copyOf(names);
        units = Collections.unmodifiableList(new ArrayList<>(units));
        if (names.size() != units.size()) {
            throw new IllegalArgumentException(names.size() + " channel names but " + units.size() + " units");
        }
    }

    /** Channels {@code ch0, ch1, ...} of unknown unit (a recording nobody described). */
    public static ChannelUnits unknown(int channels) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            names.add("ch" + c);
        }
        return new ChannelUnits(names, Collections.nCopies(channels, null));
    }

    /** The same unit for every named channel. */
    public static ChannelUnits of(List<String> names, String unit) {
        return new ChannelUnits(names, Collections.nCopies(names.size(), unit));
    }

    /** What a source's channels are: the accelerometers report g, the MCP3008 volts, a replay what its config says. */
    public static ChannelUnits of(SourceConfig source) {
        if (source instanceof SimulatedVibrationConfig) {
            return of(List.of("x", "y", "z"), "g");
        }
        if (source instanceof Adxl345Config a) {
            return of(a.axes(), "g");
        }
        if (source instanceof Mpu6050Config m) {
            List<String> units = new ArrayList<>();
            m.axes().forEach(axis -> units.add(axis.startsWith("a") ? "g" : "deg/s"));
            return new ChannelUnits(m.axes(), units);
        }
        if (source instanceof Mcp3008Config m) {
            List<String> names = new ArrayList<>();
            m.inputs().forEach(i -> names.add("ch" + i));
            return of(names, "V");
        }
        if (source instanceof CsvReplayConfig r) {
            return r.units() == null
                    ? new ChannelUnits(r.columns(), Collections.nCopies(r.columns().size(), null))
                    : new ChannelUnits(r.columns(), r.units());
        }
        return unknown(source.channels());
    }

    /** Per channel, the factor from its unit to m/s², NaN where it is not a known acceleration. */
    double[] toMetresPerS2() {
        double[] f = new double[units.size()];
        for (int c = 0; c < f.length; c++) {
            String u = units.get(c);
            Double factor = u == null ? null : ACCELERATIONS.get(u.toLowerCase(Locale.ROOT));
            f[c] = factor == null ? Double.NaN : factor;
        }
        return f;
    }
}
