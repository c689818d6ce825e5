package io.edgeinfer.config;

import io.edgeinfer.config.AnomalyConfig.Band;
import io.edgeinfer.config.AnomalyConfig.Detector;
import io.edgeinfer.config.AnomalyConfig.Envelope;
import io.edgeinfer.config.AnomalyConfig.Features;
import io.edgeinfer.config.AnomalyConfig.Foundation;
import io.edgeinfer.config.AnomalyConfig.Persistence;
import io.edgeinfer.config.AnomalyConfig.Severity;
import io.edgeinfer.config.AnomalyConfig.Shaft;
import io.edgeinfer.config.AnomalyConfig.Tone;
import io.edgeinfer.config.AnomalyConfig.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code anomaly} section of one sample stream. Defaults live here, once, and are
 * documented in docs/configuration.md; the ones in Hz follow the stream's sample rate, so the
 * reader takes it.
 */
public final class AnomalyConfigReader {
    /** Fewer good windows than this cannot place a tail fit at all (docs/anomaly.md, "Threshold"). */
    public static final int MIN_LEARN_WINDOWS = 100;

    /**
     * A pipeline without an {@code anomaly} section: off, every key at its default, nothing that
     * depends on the sample rate (so a camera's or a slow sensor's rate raises nothing).
     */
    public static final AnomalyConfig OFF = Defaults.read("anomaly", Map.of(), s -> new AnomalyConfigReader(Path.of(
            "."))
            .read(s, Double.NaN));

    /**
     * Leaves a pipeline's {@code anomaly} out of the rendered config when it is {@link #OFF}, as it
     * is left out of the file (Jackson calls {@code equals} with the value).
     */
    public static final class LeftOutWhenOff {
        @Override
        public boolean equals(Object value) {
            return OFF.equals(value);
        }

        @Override
        public int hashCode() {
            return OFF.hashCode();
        }
    }

    private final Path baseDir;

    /** @param baseDir relative paths resolve against it (the config file's folder) */
    public AnomalyConfigReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    /**
     * @param rateHz the stream's samples per second (NaN when the source is too broken to tell:
     *     rate-dependent checks are then skipped)
     * @return the settings; with {@code enabled: false} (the default) every other key is still checked
     */
    public AnomalyConfig read(Section s, double rateHz) {
        boolean enabled = s.bool("enabled", false);
        Detector detector = s.choice("detector", Detector.STATS, Detector.BY_KEY);
        Path model = model(s, detector);
        int learnWindows = s.integer("learn_windows", 0, MIN_LEARN_WINDOWS, 10_000_000);
        double learnS = s.number("learn_s", 0, 0, 30 * 86_400);
        double budget = s.number("false_alarms_per_day", 1, 0.001, 10_000);
        Persistence persistence = persistence(s.section("persistence"));
        int clearAfter = s.integer("clear_after", 10, 1, 100_000);
        int acceptWindows = s.integer("accept_windows", 300, 20, 1_000_000);
        Section stats = s.section("stats");
        int components = stats.integer("max_components", 4, 1, 8);
        stats.rejectUnknown();
        double smoothing = s.number("smoothing", 0.2, 0.01, 1);
        double nyquist = rateHz / 2;
        Shaft shaft = shaft(s.section("shaft"), nyquist);
        boolean loadInput = s.bool("load_input", false);
        Features features = new Features(bands(s, rateHz), envelope(s.section("envelope"), rateHz));
        Severity severity = severity(s.section("severity"));
        s.rejectUnknown();
        return new AnomalyConfig(enabled, detector, model, learnWindows, learnS, budget, persistence, clearAfter,
                acceptWindows, components, smoothing, features, shaft, loadInput, severity);
    }

    private Path model(Section s, Detector detector) {
        String text = s.string("model", null);
        if (text == null) {
            if (detector == Detector.AUTOENCODER) {
                s.error("model",
                        "is required with detector: autoencoder (the TorchScript file edgecompress.autoencoder made)");
            }
            return null;
        }
        Path file = baseDir.resolve(text).normalize();
        if (detector != Detector.AUTOENCODER) {
            s.error("model", "applies to detector: autoencoder only");
        } else if (!Files.isRegularFile(file)) {
            s.error("model", "no such file: " + file);
        }
        return file;
    }

    private static Persistence persistence(Section s) {
        int k = s.integer("k", 3, 1, 1000);
        int n = s.integer("n", 5, 1, 1000);
        if (k > n) {
            s.error("k", "must not exceed persistence.n (" + n + "), got " + k);
        }
        s.rejectUnknown();
        return new Persistence(k, n);
    }

    private static Shaft shaft(Section s, double nyquist) {
        double hz = s.number("hz", Double.NaN, 0.1, 100_000);
        double min = s.number("min_hz", 5, 0.1, 100_000);
        double max = s.number("max_hz", Math.min(100, Double.isNaN(nyquist) ? 100 : nyquist / 2), 0.1, 100_000);
        if (max <= min) {
            s.error("max_hz", "must be greater than shaft.min_hz (" + min + "), got " + max);
        }
        if (!Double.isNaN(nyquist) && max >= nyquist) {
            s.error("max_hz", "must be below the Nyquist frequency (" + nyquist + " Hz), got " + max);
        }
        if (!Double.isNaN(nyquist) && hz >= nyquist) {
            s.error("hz", "must be below the Nyquist frequency (" + nyquist + " Hz), got " + hz);
        }
        if (s.has("hz") && (s.has("min_hz") || s.has("max_hz"))) {
            s.error("hz", "a known speed is not estimated: leave out min_hz and max_hz");
        }
        s.rejectUnknown();
        return new Shaft(Double.isNaN(hz) ? null : hz, min, max);
    }

    /** Defaults: the 1x, 2x and 3x-6x order bands, and the top two octaves below Nyquist in Hz. */
    private static List<Band> bands(Section s, double rateHz) {
        List<Section> items = s.sectionList("bands");
        if (items == null) {
            List<Band> defaults = new ArrayList<>(List.of(new Band(0.5, 1.5, Unit.ORDERS), new Band(1.5, 2.5,
                    Unit.ORDERS),
                    new Band(2.5, 6.5, Unit.ORDERS)));
            if (!Double.isNaN(rateHz)) {
                defaults.add(new Band(rateHz / 8, rateHz / 4, Unit.HZ));
                defaults.add(new Band(rateHz / 4, null, Unit.HZ));
            }
            return defaults;
        }
        List<Band> bands = new ArrayList<>();
        for (Section b : items) {
            Band band = band(b, rateHz / 2);
            if (band != null) {
                bands.add(band);
            }
        }
        return bands;
    }

    private static Band band(Section b, double nyquist) {
        boolean hz = b.has("from_hz") || b.has("to_hz");
        boolean orders = b.has("from_order") || b.has("to_order");
        double fromHz = b.number("from_hz", Double.NaN, 0, 100_000);
        double toHz = b.number("to_hz", Double.NaN, 0, 100_000);
        double fromOrder = b.number("from_order", Double.NaN, 0, 1000);
        double toOrder = b.number("to_order", Double.NaN, 0, 1000);
        b.rejectUnknown();
        if (hz == orders) {
            b.error("from_hz", "give a band either in Hz (from_hz, to_hz) or in orders of the shaft speed"
                    + " (from_order, to_order)");
            return null;
        }
        double from = hz ? fromHz : fromOrder;
        double to = hz ? toHz : toOrder;
        String fromKey = hz ? "from_hz" : "from_order";
        if (Double.isNaN(from)) {
            b.error(fromKey, "is required");
            return null;
        }
        if (!Double.isNaN(to) && to <= from) {
            b.error(hz ? "to_hz" : "to_order", "must be greater than " + fromKey + " (" + from + "), got " + to);
        }
        if (hz && !Double.isNaN(nyquist) && from >= nyquist) {
            b.error("from_hz", "must be below the Nyquist frequency (" + nyquist + " Hz), got " + from);
        }
        if (hz && !Double.isNaN(nyquist) && to > nyquist) {
            b.error("to_hz", "must not exceed the Nyquist frequency (" + nyquist + " Hz), got " + to
                    + " (leave it out to run to Nyquist)");
        }
        return new Band(from, Double.isNaN(to) ? null : to, hz ? Unit.HZ : Unit.ORDERS);
    }

    /** Null without tones: nothing to look for, so no envelope is computed. */
    private static Envelope envelope(Section s, double rateHz) {
        double nyquist = rateHz / 2;
        double from = s.number("from_hz", Double.isNaN(rateHz) ? 0 : rateHz / 8, 0, 100_000);
        double to = s.number("to_hz", Double.isNaN(rateHz) ? 0 : 0.95 * nyquist, 0, 100_000);
        double tolerance = s.number("tolerance", 0.03, 0.001, 0.2);
        int harmonics = s.integer("harmonics", 2, 1, 10);
        List<Section> items = s.sectionList("tones");
        if (!Double.isNaN(rateHz) && (s.has("from_hz") || s.has("to_hz"))) {
            if (to <= from) {
                s.error("to_hz", "must be greater than envelope.from_hz (" + from + "), got " + to);
            } else if (to > nyquist) {
                s.error("to_hz", "must not exceed the Nyquist frequency (" + nyquist + " Hz), got " + to);
            }
        }
        List<Tone> tones = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Section t : items == null ? List.<Section>of() : items) {
            Tone tone = tone(t);
            if (tone != null && !names.add(tone.name())) {
                t.error("name", "tone '" + tone.name() + "' appears twice");
            } else if (tone != null) {
                tones.add(tone);
            }
        }
        s.rejectUnknown();
        return tones.isEmpty() ? null : new Envelope(from, to, tones, tolerance, harmonics);
    }

    private static Tone tone(Section t) {
        String name = t.requiredString("name");
        if (name != null && !name.matches("[A-Za-z0-9_]{1,32}")) {
            t.error("name", "must be 1-32 letters, digits or '_' (it names a feature), got '" + name + "'");
        }
        double order = t.number("order", Double.NaN, 0.01, 1000);
        double hz = t.number("hz", Double.NaN, 0.01, 100_000);
        t.rejectUnknown();
        if (t.has("order") == t.has("hz")) {
            t.error("order", "give the tone either as an order of the shaft speed (order) or in Hz (hz)");
            return null;
        }
        if (name == null || (Double.isNaN(order) && Double.isNaN(hz))) {
            return null;
        }
        return Double.isNaN(hz) ? new Tone(name, order, Unit.ORDERS) : new Tone(name, hz, Unit.HZ);
    }

    private static Severity severity(Section s) {
        int group = s.integer("machine_group", 2, 1, 2);
        Foundation foundation = s.choice("foundation", Foundation.RIGID,
                Map.of("rigid", Foundation.RIGID, "flexible", Foundation.FLEXIBLE));
        List<Double> boundaries = s.numberList("zone_boundaries_mm_s", null);
        if (boundaries != null && (boundaries.size() != 3 || !(boundaries.get(0) > 0
                && boundaries.get(0) < boundaries.get(1) && boundaries.get(1) < boundaries.get(2)))) {
            s.error("zone_boundaries_mm_s", "must be three increasing positive numbers (A/B, B/C, C/D in mm/s), got "
                    + boundaries);
            boundaries = null;
        }
        boolean enabled = s.bool("enabled", true);
        s.rejectUnknown();
        return enabled ? new Severity(group, foundation, boundaries) : null;
    }
}
