package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Anomaly detection learned on the device and ISO 20816-3 vibration severity, for one sample stream
 * (docs/anomaly.md; keys in docs/configuration.md). Every Hz default that depends on the sample rate
 * (the high bands, the envelope band) is resolved when the config is read, so the record holds the
 * concrete values the baseline is tied to.
 *
 * @param enabled run the anomaly stage on every window
 * @param detector how a window is scored
 * @param model the autoencoder's TorchScript file ({@code detector: autoencoder}), else null
 * @param learnWindows good windows to learn from; 0: as many as the false-alarm budget needs
 * @param learnS the least time learning lasts, seconds; 0: no minimum (both bounds hold when both are set)
 * @param falseAlarmsPerDay the false-alarm budget the threshold is set for
 * @param persistence how many of the last windows must score above the threshold to raise an alarm
 * @param clearAfter windows in a row below the threshold that clear an alarm
 * @param acceptWindows windows an operator's {@code accept} learns into the baseline
 * @param maxComponents most Gaussian components the {@code stats} detector may use (BIC picks up to it)
 * @param smoothing the weight of the newest window in the score's moving average (1: none)
 * @param features what is computed from each window
 * @param shaft the shaft speed: known, or estimated from the spectrum within a range
 * @param loadInput the pipeline passes a load value with every window; it becomes a feature
 * @param severity ISO 20816-3 machine class, or null to skip the severity
 */
public record AnomalyConfig(
        boolean enabled,
        Detector detector,
        Path model,
        int learnWindows,
        double learnS,
        double falseAlarmsPerDay,
        Persistence persistence,
        int clearAfter,
        int acceptWindows,
        int maxComponents,
        double smoothing,
        Features features,
        Shaft shaft,
        boolean loadInput,
        Severity severity) {

    public AnomalyConfig {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(shaft, "shaft");
    }

    /**
     * The section as it is written in a file, every default filled in: what {@code check-config}
     * prints, and what reads back to this record.
     */
    @JsonValue
    public Map<String, Object> asWritten() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled);
        m.put("detector", detector.key());
        if (model != null) {
            m.put("model", model.toString());
        }
        if (learnWindows > 0) {
            m.put("learn_windows", learnWindows);
        }
        m.put("learn_s", learnS);
        m.put("false_alarms_per_day", falseAlarmsPerDay);
        m.put("persistence", Map.of("k", persistence.k(), "n", persistence.n()));
        m.put("clear_after", clearAfter);
        m.put("accept_windows", acceptWindows);
        m.put("stats", Map.of("max_components", maxComponents));
        m.put("smoothing", smoothing);
        m.put("shaft", shaft.hz() != null
                ? Map.of("hz", shaft.hz())
                : Map.of("min_hz", shaft.minHz(), "max_hz", shaft.maxHz()));
        m.put("load_input", loadInput);
        m.put("bands", features.bands().stream().map(Band::asWritten).toList());
        if (features.envelope() != null) {
            m.put("envelope", features.envelope().asWritten());
        }
        m.put("severity", severity == null ? Map.of("enabled", false) : severity.asWritten());
        return m;
    }

    /** How a window is scored. */
    public enum Detector {
        /** A Gaussian-mixture model of the feature vector, learned on the device. */
        STATS("stats"),
        /** A TorchScript autoencoder trained at home; its reconstruction error is the score. */
        AUTOENCODER("autoencoder"),
        /** No score: severity and sensor faults only. */
        NONE("none");

        public static final Map<String, Detector> BY_KEY = Map.of("stats", STATS, "autoencoder", AUTOENCODER, "none",
                NONE);
        private final String key;

        Detector(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }

    /** An alarm needs {@code k} of the last {@code n} windows above the threshold. */
    public record Persistence(int k, int n) {
    }

    /** Where a band edge or a tone is given: in Hz, or in orders (multiples) of the shaft speed. */
    public enum Unit {
        HZ("hz"), ORDERS("orders");

        private final String key;

        Unit(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }

    /** A frequency band whose energy is a feature; {@code to} null runs to the Nyquist frequency. */
    public record Band(double from, Double to, Unit unit) {
        Map<String, Object> asWritten() {
            String suffix = unit == Unit.HZ ? "_hz" : "_order";
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from" + suffix, from);
            if (to != null) {
                m.put("to" + suffix, to);
            }
            return m;
        }
    }

    /** A bearing defect frequency to look for in the envelope spectrum. */
    public record Tone(String name, double value, Unit unit) {
        Map<String, Object> asWritten() {
            return Map.of("name", name, unit == Unit.HZ ? "hz" : "order", value);
        }
    }

    /**
     * Envelope analysis: the band around a structural resonance that impacts ring, and the tones
     * whose envelope-spectrum energy (with {@code harmonics} multiples) is a feature.
     *
     * @param tolerance half-width of the window around each tone, as a fraction of its frequency
     */
    public record Envelope(double fromHz, double toHz, List<Tone> tones, double tolerance, int harmonics) {
        public Envelope {
            tones = List.copyOf(tones);
        }

        Map<String, Object> asWritten() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from_hz", fromHz);
            m.put("to_hz", toHz);
            m.put("tolerance", tolerance);
            m.put("harmonics", harmonics);
            m.put("tones", tones.stream().map(Tone::asWritten).toList());
            return m;
        }
    }

    /** @param envelope null when no bearing tones are given (the envelope is then not computed) */
    public record Features(List<Band> bands, Envelope envelope) {
        public Features {
            bands = List.copyOf(bands);
        }
    }

    /** @param hz the known constant speed, or null to estimate it per window within [minHz, maxHz] */
    public record Shaft(Double hz, double minHz, double maxHz) {
    }

    /**
     * ISO 20816-3 machine group (1: large, 2: medium) and foundation.
     *
     * @param zoneBoundariesMmS the A/B, B/C and C/D boundaries in mm/s replacing the standard's, or
     *     null for the standard's values of the group and foundation
     */
    public record Severity(int machineGroup, Foundation foundation, List<Double> zoneBoundariesMmS) {
        public Severity {
            zoneBoundariesMmS = zoneBoundariesMmS == null ? null : List.copyOf(zoneBoundariesMmS);
        }

        Map<String, Object> asWritten() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine_group", machineGroup);
            m.put("foundation", foundation.key());
            if (zoneBoundariesMmS != null) {
                m.put("zone_boundaries_mm_s", zoneBoundariesMmS);
            }
            return m;
        }
    }

    /** ISO 20816-3 support classes. */
    public enum Foundation {
        RIGID("rigid"), FLEXIBLE("flexible");

        private final String key;

        Foundation(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }
}
