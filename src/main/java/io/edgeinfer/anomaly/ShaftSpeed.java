package io.edgeinfer.anomaly;

import java.util.Arrays;

/**
 * Estimates the shaft speed from a window's power spectra. Each candidate frequency within the search
 * range scores how much its first three harmonics stand out (summed over channels, weighted 1, 1/2,
 * 1/3); of the candidates with a line of their own, the lowest one scoring at least half the best
 * wins. "Stand out" is the power over the mean of the bins 2-6 away on the quieter side: a shaft line
 * is a narrow peak, while the hump of a ringing resonance is broad. A candidate must have a line of
 * its own, so a strong line above the speed (a resonance carrier, a bearing tone) cannot win through
 * its subharmonics, and the lowest family wins over fault lines higher up (a 2x line of
 * misalignment, a bearing's defect frequency) while the 1x line holds half their score. The peak bin
 * is then refined by a parabola through the log power of its neighbours (a Hann-windowed line is
 * close to a Gaussian there). Once found, the speed is followed from window to window (see {@link
 * #tracked}), so a fault's lines growing elsewhere cannot take the estimate over.
 *
 * <p>It always returns a frequency; on a machine without a clear 1x line, or with bins too coarse to
 * resolve it, that is the strongest harmonic family in the range, which is why a known speed
 * ({@code anomaly.shaft.hz}) or a speed input beats it. Not thread-safe: one per stream.
 */
final class ShaftSpeed {
    private static final int HARMONICS = 3;
    private static final int NEAR = 2;
    private static final int FAR = 6;
    /** A candidate needs a line of its own: this many times the power around it. */
    private static final double MIN_PROMINENCE = 5;
    /** The lowest candidate scoring at least this share of the best wins: the shaft's is the lowest family. */
    private static final double LOWEST_SHARE = 0.5;
    /** The last estimate is followed within this fraction either side, as long as a line is there. */
    private static final double TRACK = 0.15;

    private final int minBin;
    private final int maxBin;
    private final double binHz;
    private final double[] summed;
    private final double[] prefix;
    private final double[] prominence;
    private final double[] near;
    private final double[] score;
    private double previousHz = Double.NaN;

    ShaftSpeed(double minHz, double maxHz, double binHz, int bins) {
        this.binHz = binHz;
        this.minBin = Math.max(1, (int) Math.floor(minHz / binHz));
        this.maxBin = Math.min(bins - 2, (int) Math.ceil(maxHz / binHz));
        if (maxBin < minBin) {
            throw new IllegalArgumentException("no spectral bin between " + minHz + " and " + maxHz + " Hz at "
                    + binHz + " Hz per bin");
        }
        this.summed = new double[bins];
        this.prefix = new double[bins + 1];
        this.prominence = new double[bins];
        this.near = new double[bins];
        this.score = new double[maxBin + 1];
    }

    /** @param power one power spectrum per channel */
    double estimate(double[][] power) {
        Arrays.fill(summed, 0);
        for (double[] p : power) {
            for (int k = 0; k < summed.length; k++) {
                summed[k] += p[k];
            }
        }
        prominence();
        double top = 0;
        for (int k = minBin; k <= maxBin; k++) {
            score[k] = 0;
            for (int h = 1; h <= HARMONICS; h++) {
                score[k] += peakNear(h * k) / h;
            }
            if (peakNear(k) >= MIN_PROMINENCE) {
                top = Math.max(top, score[k]);
            }
        }
        int best = tracked();
        for (int k = minBin; k <= maxBin && best < 0 && top > 0; k++) {
            if (peakNear(k) >= MIN_PROMINENCE && score[k] >= LOWEST_SHARE * top) {
                best = k;
            }
        }
        if (best < 0) {
            best = minBin;
            for (int k = minBin; k <= maxBin; k++) {
                best = score[k] > score[best] ? k : best;
            }
        }
        previousHz = refine(localPeak(best)) * binHz;
        return previousHz;
    }

    /**
     * The best candidate near the last estimate that still has a line, however strong the lines a
     * fault brings elsewhere (a resonance's sidebands, a bearing tone): a speed moves little from
     * one window to the next. -1 when there is none to follow (the start, a speed step faster than
     * the window): then the lowest family is found afresh.
     */
    private int tracked() {
        if (Double.isNaN(previousHz)) {
            return -1;
        }
        // At least two bins either side: with coarse bins 15 % can be less than one.
        int centre = (int) Math.round(previousHz / binHz);
        int from = Math.max(minBin, Math.min(centre - 2, (int) Math.floor(previousHz * (1 - TRACK) / binHz)));
        int to = Math.min(maxBin, Math.max(centre + 2, (int) Math.ceil(previousHz * (1 + TRACK) / binHz)));
        int best = -1;
        for (int k = from; k <= to; k++) {
            if (peakNear(k) >= MIN_PROMINENCE && (best < 0 || score[k] > score[best])) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Each bin's power over the mean power of the bins 2 to 6 away on its quieter side (the quieter
     * side, so a strong line or a fault's hump next to a shaft line does not hide it), up to the
     * third harmonic of the search range; then the largest of each bin and its two neighbours (a
     * harmonic of a drifting speed lands on either side). Running sums keep it linear in the bins.
     */
    private void prominence() {
        int n = Math.min(summed.length, HARMONICS * (maxBin + 1) + 2);
        prefix[0] = 0;
        for (int k = 0; k < summed.length; k++) {
            prefix[k + 1] = prefix[k] + summed[k];
        }
        for (int k = 0; k < n; k++) {
            double left = mean(Math.max(1, k - FAR), k - NEAR);
            double right = mean(k + NEAR, Math.min(summed.length - 1, k + FAR));
            double quiet = Double.isNaN(left) ? right : Double.isNaN(right) ? left : Math.min(left, right);
            prominence[k] = Double.isNaN(quiet) ? 0 : summed[k] / (quiet + Double.MIN_NORMAL);
        }
        for (int k = 0; k < n; k++) {
            double m = prominence[k];
            if (k >= 2) {
                m = Math.max(m, prominence[k - 1]);
            }
            if (k + 1 < n) {
                m = Math.max(m, prominence[k + 1]);
            }
            near[k] = m;
        }
        for (int k = n; k < near.length; k++) {
            near[k] = 0;
        }
    }

    /** Mean of {@code summed[from..to]}, NaN when empty. */
    private double mean(int from, int to) {
        return to < from ? Double.NaN : (prefix[to + 1] - prefix[from]) / (to - from + 1);
    }

    private double peakNear(int k) {
        return k < near.length ? near[k] : 0;
    }

    /** The local maximum of the power that {@code k} climbs to (a candidate is found within a bin of its line). */
    private int localPeak(int k) {
        int best = k;
        for (int step = 0; step < 3; step++) {
            int next = best;
            if (best - 1 >= 1 && summed[best - 1] > summed[next]) {
                next = best - 1;
            }
            if (best + 1 <= summed.length - 2 && summed[best + 1] > summed[next]) {
                next = best + 1;
            }
            if (next == best) {
                break;
            }
            best = next;
        }
        return best;
    }

    /** Fractional bin of the peak at {@code k}: vertex of the parabola through the log powers. */
    private double refine(int k) {
        if (k < 1 || k + 1 >= summed.length) {
            return k;
        }
        double a = Math.log(summed[k - 1] + Double.MIN_NORMAL);
        double b = Math.log(summed[k] + Double.MIN_NORMAL);
        double c = Math.log(summed[k + 1] + Double.MIN_NORMAL);
        double denominator = a - 2 * b + c;
        if (!(denominator < 0)) {
            return k;
        }
        double shift = 0.5 * (a - c) / denominator;
        return k + Math.max(-0.5, Math.min(0.5, shift));
    }
}
