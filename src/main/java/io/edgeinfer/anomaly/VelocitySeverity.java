package io.edgeinfer.anomaly;

import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.config.AnomalyConfig.Foundation;
import java.util.ArrayList;
import java.util.List;

/**
 * ISO 20816-3 vibration severity of one window: the r.m.s. velocity over 10-1000 Hz of each channel
 * measured in a known acceleration unit, integrated in the frequency domain (a velocity line is the
 * acceleration line divided by 2&pi;f), and its evaluation zone A-D for the machine group and
 * foundation. Zone boundaries: docs/anomaly.md, "Severity", with their source and what could not be
 * checked.
 */
final class VelocitySeverity {
    static final double STANDARD_GRAVITY = 9.80665;
    static final double LOW_HZ = 10;
    static final double HIGH_HZ = 1000;

    private final List<String> channelNames;
    private final double[] toMetresPerS2;
    private final double[] boundaries;
    private final double[] weight;
    private final int from;
    private final int to;
    private final double upperHz;

    /**
     * @param toMetresPerS2 per channel, the factor from its unit to m/s², NaN if it is not an acceleration
     * @param bins bins of the power spectra it will get
     */
    VelocitySeverity(AnomalyConfig.Severity config, List<String> channelNames, double[] toMetresPerS2, double rateHz,
            int size, int bins) {
        this.channelNames = List.copyOf(channelNames);
        this.toMetresPerS2 = toMetresPerS2.clone();
        this.boundaries = config.zoneBoundariesMmS() != null
                ? config.zoneBoundariesMmS().stream().mapToDouble(Double::doubleValue).toArray()
                : standardBoundaries(config.machineGroup(), config.foundation());
        double binHz = Spectrum.binHz(rateHz, size);
        this.from = Math.max(1, (int) Math.ceil(LOW_HZ / binHz));
        this.to = Math.min(bins - 1, (int) Math.floor(HIGH_HZ / binHz));
        this.upperHz = Math.min(HIGH_HZ, to * binHz);
        this.weight = new double[bins];
        for (int k = from; k <= to; k++) {
            double omega = 2 * Math.PI * k * binHz;
            // (m/s)^2 -> (mm/s)^2
            weight[k] = 1e6 / (omega * omega);
        }
    }

    /**
     * Zone boundaries A/B, B/C, C/D in mm/s r.m.s. for measurements on bearing housings or pedestals:
     * ISO 20816-3:2022 Annex A, Table A.1 (group 1) and Table A.2 (group 2), the values ISO 10816-3:2009
     * gave (docs/anomaly.md says what was and was not checked).
     */
    static double[] standardBoundaries(int group, Foundation foundation) {
        boolean rigid = foundation == Foundation.RIGID;
        if (group == 1) {
            return rigid ? new double[]{2.3, 4.5, 7.1} : new double[]{3.5, 7.1, 11.0};
        }
        return rigid ? new double[]{1.4, 2.8, 4.5} : new double[]{2.3, 4.5, 7.1};
    }

    /** True when at least one channel is in a known acceleration unit. */
    boolean applies() {
        for (double f : toMetresPerS2) {
            if (!Double.isNaN(f)) {
                return true;
            }
        }
        return false;
    }

    /** The severity of one window's spectra, or null when no channel is an acceleration or there is no bin in the band. */
    Severity of(double[][] power) {
        if (!applies() || to < from) {
            return null;
        }
        List<Severity.Channel> channels = new ArrayList<>();
        Severity.Channel worst = null;
        for (int c = 0; c < power.length; c++) {
            if (Double.isNaN(toMetresPerS2[c])) {
                continue;
            }
            double sum = 0;
            for (int k = from; k <= to; k++) {
                sum += power[c][k] * weight[k];
            }
            double v = Math.sqrt(sum) * toMetresPerS2[c];
            Severity.Channel ch = new Severity.Channel(channelNames.get(c), v, zone(v));
            channels.add(ch);
            if (worst == null || v > worst.velocityRmsMmS()) {
                worst = ch;
            }
        }
        return new Severity(worst.velocityRmsMmS(), worst.zone(), worst.channel(), upperHz, channels);
    }

    String zone(double mmPerS) {
        if (mmPerS < boundaries[0]) {
            return "A";
        }
        if (mmPerS < boundaries[1]) {
            return "B";
        }
        return mmPerS < boundaries[2] ? "C" : "D";
    }
}
