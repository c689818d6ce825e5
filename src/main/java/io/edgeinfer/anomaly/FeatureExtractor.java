package io.edgeinfer.anomaly;

import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.AnomalyConfig.Band;
import io.edgeinfer.config.AnomalyConfig.Tone;
import io.edgeinfer.config.AnomalyConfig.Unit;
import io.edgeinfer.model.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The feature vector of one window (formulas in docs/anomaly.md, "Features"). Per channel, with x
 * the channel's samples minus their mean: RMS, peak |x|, crest factor, kurtosis, the energy in each
 * band, and with bearing tones the envelope spectrum's energy around each tone and its harmonics;
 * then the shaft speed when it is estimated or given, and the load when the pipeline passes one.
 * Every value is a log10, so scale changes are shifts and the distributions are nearer to normal.
 *
 * <p>Not thread-safe (it reuses its spectrum buffers); one per pipeline thread.
 */
final class FeatureExtractor {
    private static final int PER_CHANNEL_STATS = 4;

    private final AnomalyConfig.Features config;
    private final int channels;
    private final double rateHz;
    private final double binHz;
    private final Spectrum spectrum;
    private final ShaftSpeed speedEstimate;
    private final Double fixedShaftHz;
    private final boolean loadInput;
    private final List<String> names;
    private final double[][] power;
    private final double[][] envelope;
    private final double[] meanSquare;

    /**
     * @param channelNames one name per channel, for feature names ({@code x.rms})
     * @param loadInput the pipeline passes a load with every window: it becomes the last feature
     */
    FeatureExtractor(AnomalyConfig config, List<String> channelNames, int size, double rateHz, boolean loadInput) {
        this.config = config.features();
        this.channels = channelNames.size();
        this.rateHz = rateHz;
        this.spectrum = new Spectrum(size);
        this.binHz = Spectrum.binHz(rateHz, size);
        this.fixedShaftHz = config.shaft().hz();
        this.speedEstimate = fixedShaftHz != null
                ? null
                : new ShaftSpeed(config.shaft().minHz(), config.shaft().maxHz(), binHz, spectrum.bins());
        this.loadInput = loadInput;
        this.power = new double[channels][spectrum.bins()];
        this.envelope = config.features().envelope() == null ? null : new double[channels][spectrum.bins()];
        this.meanSquare = new double[channels];
        this.names = names(channelNames);
    }

    /** Feature names in vector order. */
    List<String> names() {
        return names;
    }

    /** Position of the shaft-speed feature and the load feature, -1 when absent: these are conditions, not faults. */
    int[] conditionIndices() {
        int speed = names.indexOf("shaft_hz");
        int load = names.indexOf("load");
        return new int[]{speed, load};
    }

    /**
     * @param condition the speed or load the pipeline knows for this window (NaN fields: unknown)
     * @return the features; its spectra are this extractor's buffers, valid until the next call
     */
    WindowFeatures extract(Window w, Condition condition) {
        int n = w.size();
        float[] d = w.data();
        double[] v = new double[names.size()];
        int f = 0;
        for (int c = 0; c < channels; c++) {
            f = channelStats(d, c * n, n, c, v, f);
        }
        double shaftHz = shaftHz(condition);
        for (int c = 0; c < channels; c++) {
            f = bands(c, shaftHz, v, f);
            if (envelope != null) {
                f = tones(envelope[c], shaftHz, v, f, floor(c));
            }
        }
        if (fixedShaftHz == null) {
            v[f++] = Math.log10(shaftHz);
        }
        if (loadInput) {
            v[f++] = Math.log10(Math.max(1e-6, Double.isNaN(condition.load()) ? 1 : condition.load()));
        }
        return new WindowFeatures(v, shaftHz, power, meanSquare.clone());
    }

    /**
     * RMS, peak, crest, kurtosis of one channel; leaves its power spectrum in {@code power[c]} and
     * its envelope spectrum in {@code envelope[c]} (the envelope needs the complex spectrum the
     * transform just made, and no shaft speed: its band is in Hz).
     */
    private int channelStats(float[] d, int offset, int n, int c, double[] v, int f) {
        double mean = mean(d, offset, n);
        double m2 = 0;
        double m4 = 0;
        double peak = 0;
        for (int i = offset; i < offset + n; i++) {
            double x = d[i] - mean;
            double x2 = x * x;
            m2 += x2;
            m4 += x2 * x2;
            peak = Math.max(peak, Math.abs(x));
        }
        m2 /= n;
        m4 /= n;
        meanSquare[c] = m2;
        double rms = Math.sqrt(m2);
        double tiny = Double.MIN_NORMAL;
        v[f] = Math.log10(rms + tiny);
        v[f + 1] = Math.log10(peak + tiny);
        v[f + 2] = Math.log10((peak + tiny) / (rms + tiny));
        v[f + 3] = Math.log10((m4 + tiny) / (m2 * m2 + tiny));
        spectrum.power(d, offset, mean, power[c]);
        if (envelope != null) {
            spectrum.envelopePower(bin(config.envelope().fromHz()), bin(config.envelope().toHz()), envelope[c]);
        }
        return f + PER_CHANNEL_STATS;
    }

    private int bands(int c, double shaftHz, double[] v, int f) {
        double[] p = power[c];
        double floor = floor(c);
        for (Band b : config.bands()) {
            double scale = b.unit() == Unit.ORDERS ? shaftHz : 1;
            int from = Math.max(1, (int) Math.ceil(b.from() * scale / binHz));
            int to = b.to() == null
                    ? p.length - 1
                    : Math.min(p.length - 1, (int) Math.ceil(b.to() * scale / binHz) - 1);
            double e = 0;
            for (int k = from; k <= to; k++) {
                e += p[k];
            }
            v[f++] = Math.log10(e + floor);
        }
        return f;
    }

    private int tones(double[] envelope, double shaftHz, double[] v, int f, double floor) {
        AnomalyConfig.Envelope env = config.envelope();
        for (Tone t : env.tones()) {
            double base = t.unit() == Unit.ORDERS ? t.value() * shaftHz : t.value();
            double e = 0;
            for (int h = 1; h <= env.harmonics(); h++) {
                double hz = h * base;
                int centre = (int) Math.round(hz / binHz);
                int from = Math.max(2, Math.min(centre - 1, (int) Math.floor(hz * (1 - env.tolerance()) / binHz)));
                int to = Math.min(envelope.length - 1, Math.max(centre + 1, (int) Math.ceil(hz * (1 + env.tolerance())
                        / binHz)));
                for (int k = from; k <= to; k++) {
                    e += envelope[k];
                }
            }
            v[f++] = Math.log10(e + floor);
        }
        return f;
    }

    private double shaftHz(Condition condition) {
        if (!Double.isNaN(condition.shaftHz())) {
            return condition.shaftHz();
        }
        return fixedShaftHz != null ? fixedShaftHz : speedEstimate.estimate(power);
    }

    /**
     * What an empty band reads as: far below the channel's power but finite, so a band that the
     * shaft speed moves past Nyquist gives a large but usable value, never -infinity.
     */
    private double floor(int c) {
        return 1e-9 * meanSquare[c] + Double.MIN_NORMAL;
    }

    private int bin(double hz) {
        return (int) Math.round(hz / binHz);
    }

    private static double mean(float[] d, int offset, int n) {
        double s = 0;
        for (int i = offset; i < offset + n; i++) {
            s += d[i];
        }
        return s / n;
    }

    private List<String> names(List<String> channelNames) {
        List<String> out = new ArrayList<>();
        for (String ch : channelNames) {
            out.add(ch + ".rms");
            out.add(ch + ".peak");
            out.add(ch + ".crest");
            out.add(ch + ".kurtosis");
        }
        for (String ch : channelNames) {
            for (Band b : config.bands()) {
                out.add(ch + ".band_" + bandName(b));
            }
            if (config.envelope() != null) {
                for (Tone t : config.envelope().tones()) {
                    out.add(ch + ".env_" + t.name());
                }
            }
        }
        if (fixedShaftHz == null) {
            out.add("shaft_hz");
        }
        if (loadInput) {
            out.add("load");
        }
        return List.copyOf(out);
    }

    private String bandName(Band b) {
        String unit = b.unit() == Unit.ORDERS ? "x" : "hz";
        String to = b.to() == null ? "nyquist" : number(b.to()) + unit;
        return number(b.from()) + unit + "-" + to;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    double rateHz() {
        return rateHz;
    }
}
