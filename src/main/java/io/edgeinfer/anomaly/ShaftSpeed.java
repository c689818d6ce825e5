package io.edgeinfer.anomaly;

/**
 * Estimates the shaft speed from a window's power spectra. Each candidate frequency within the search
 * range scores how much its first three harmonics stand out (summed over channels, weighted 1, 1/2,
 * 1/3); of the candidates with a line of their own, the lowest one scoring at least half the best
 * wins. "Stand out" is the power
 * over the mean of the bins 2-6 away on either side: a shaft line is a narrow peak, while the hump of
 * a ringing resonance is broad. A candidate must have a line of its own, so a strong line above the
 * speed (a resonance carrier, a bearing tone) cannot win through its subharmonics, and the lowest
 * family wins over fault lines higher up (a 2x line of misalignment, a bearing's defect frequency)
 * while the 1x line holds half their score. The peak bin is then refined by a parabola through the
 * log power of its neighbours (a Hann-windowed line is close to a Gaussian there). Once found, the
 * speed is followed from window to window (see {@link #tracked}), so a fault's lines growing
 * elsewhere cannot take the estimate over. Not thread-safe: one per stream.
 *
 * <p>It always returns a frequency; on a machine without a clear 1x line it is the strongest
 * harmonic family in the range, which is why a known speed ({@code anomaly.shaft.hz}) or a speed
 * input beats it.
 */
final class ShaftSpeed {
    private static final int HARMONICS = 3;
    /** A candidate needs a line of its own: this many times the power around it. */
    private static final double MIN_PROMINENCE = 5;
    /** The lowest candidate scoring at least this share of the best wins: the shaft's is the lowest family. */
    private static final double LOWEST_SHARE = 0.5;
    /** The last estimate is followed within this fraction either side... */
    private static final double TRACK = 0.15;
    /** ...while its line scores at least this share of the best. */
    private static final double TRACK_SHARE = 0.01;
    private final int minBin;
    private final int maxBin;
    private final double binHz;
    private final double[] summed;
    private final double[] prominence;
    private double previousHz = Double.NaN;

    ShaftSpeed(double minHz, double maxHz, double binHz, int bins) {
        this.binHz = binHz;
        this.minBin = Math.max(1, (int) Math.floor(minHz / binHz));
        this.maxBin = Math.min(bins - 2, (int) Math.ceil(maxHz / binHz));
        this.summed = new double[bins];
        this.prominence = new double[bins];
        if (maxBin < minBin) {
            throw new IllegalArgumentException("no spectral bin between " + minHz + " and " + maxHz + " Hz at "
                    + binHz + " Hz per bin");
        }
    }

    /** @param power one power spectrum per channel */
    double estimate(double[][] power) {
        java.util.Arrays.fill(summed, 0);
        for (double[] p : power) {
            for (int k = 0; k < summed.length; k++) {
                summed[k] += p[k];
            }
        }
        prominence();
        double[] score = new double[maxBin + 1];
        double top = 0;
        for (int k = minBin; k <= maxBin; k++) {
            for (int h = 1; h <= HARMONICS; h++) {
                score[k] += peakNear(h * k) / h;
            }
            if (peakNear(k) >= MIN_PROMINENCE) {
                top = Math.max(top, score[k]);
            }
        }
        int best = tracked(score, top);
        for (int k = minBin; k <= maxBin && best < 0; k++) {
            if (peakNear(k) >= MIN_PROMINENCE && score[k] >= LOWEST_SHARE * top && top > 0) {
                best = k;
            }
        }
        if (best < 0) {
            best = minBin;
            for (int k = minBin; k <= maxBin; k++) {
                best = score[k] > score[best] ? k : best;
            }
        }
        int peak = localPeak(best);
        previousHz = refine(peak) * binHz;
        return previousHz;
    }

    /**
     * The best candidate near the last estimate, if it still has a line and a fair share of the best
     * score: a speed moves little from one window to the next, while lines that a fault brings (a
     * resonance's sidebands, a bearing tone) come and go elsewhere. -1 when there is none to follow
     * (the start, a speed step faster than the window): then the lowest family is found afresh.
     */
    private int tracked(double[] score, double top) {
        if (Double.isNaN(previousHz) || top <= 0) {
            return -1;
        }
        int from = Math.max(minBin, (int) Math.floor(previousHz * (1 - TRACK) / binHz));
        int to = Math.min(maxBin, (int) Math.ceil(previousHz * (1 + TRACK) / binHz));
        int best = -1;
        for (int k = from; k <= to; k++) {
            if (peakNear(k) >= MIN_PROMINENCE && score[k] >= TRACK_SHARE * top && (best < 0 || score[k] > score[best])) {
                best = k;
            }
        }
        return best;
    }

    private static final int NEAR = 2;
    private static final int FAR = 6;

    /** Each bin's power over the mean power of the bins 2 to 6 away on both sides. */
    private void prominence() {
        int n = summed.length;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            int count = 0;
            for (int d = NEAR; d <= FAR; d++) {
                if (k - d >= 1) {
                    sum += summed[k - d];
                    count++;
                }
                if (k + d < n) {
                    sum += summed[k + d];
                    count++;
                }
            }
            prominence[k] = count == 0 ? 0 : summed[k] / (sum / count + Double.MIN_NORMAL);
        }
    }

    /** The largest prominence within one bin of {@code k}: a harmonic of a drifting speed lands on either side. */
    private double peakNear(int k) {
        double m = 0;
        for (int j = k - 1; j <= k + 1; j++) {
            if (j >= 1 && j < prominence.length) {
                m = Math.max(m, prominence[j]);
            }
        }
        return m;
    }

    private int localPeak(int k) {
        int best = k;
        for (int j = Math.max(1, k - 1); j <= Math.min(summed.length - 2, k + 1); j++) {
            if (summed[j] > summed[best]) {
                best = j;
            }
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
