package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
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
@JsonInclude(JsonInclude.Include.NON_NULL)
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

    /** How a window is scored. */
    public enum Detector {
        /** A Gaussian-mixture model of the feature vector, learned on the device. */
        STATS("stats"),
        /** A TorchScript autoencoder trained at home; its reconstruction error is the score. */
        AUTOENCODER("autoencoder"),
        /** No score: severity and sensor faults only. */
        NONE("none");

        public static final Map<String, Detector> BY_KEY =
                Map.of("stats", STATS, "autoencoder", AUTOENCODER, "none", NONE);
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
    public record Persistence(int k, int n) {}

    /** Where a band edge or a tone is given: in Hz, or in orders (multiples) of the shaft speed. */
    public enum Unit {
        HZ("hz"),
        ORDERS("orders");

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
    public record Band(double from, Double to, Unit unit) {}

    /** A bearing defect frequency to look for in the envelope spectrum. */
    public record Tone(String name, double value, Unit unit) {}

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
    }

    /** @param envelope null when no bearing tones are given (the envelope is then not computed) */
    public record Features(List<Band> bands, Envelope envelope) {
        public Features {
            bands = List.copyOf(bands);
        }
    }

    /** @param hz the known constant speed, or null to estimate it per window within [minHz, maxHz] */
    public record Shaft(Double hz, double minHz, double maxHz) {}

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
    }

    /** ISO 20816-3 support classes. */
    public enum Foundation {
        RIGID("rigid"),
        FLEXIBLE("flexible");

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
