package io.edgeinfer.telemetry;

import io.edgeinfer.telemetry.power.EnergyIntegrator.Interval;

/**
 * The energy figures of one telemetry interval, as defined in docs/telemetry.md:
 *
 * <ul>
 *   <li>{@code power_w} P: mean power over the part of the interval covered by readings; null when
 *       readings cover less than half of it.
 *   <li>{@code energy_mj_per_inference}: P x B / N, the board's power attributed to inference by
 *       busy time B (the inference thread's busy seconds) and shared over the N inferences.
 *   <li>{@code energy_marginal_mj_per_inference}: (P - P_idle) x T / N, what the board drew above
 *       its idle power over the whole interval T, per inference; null without an idle baseline.
 * </ul>
 */
public final class EnergyAccounting {
    /** Readings must cover at least this share of the interval for it to have a power figure. */
    static final double MIN_COVERAGE = 0.5;

    private EnergyAccounting() {
    }

    /** The three figures; each null when it cannot be told. */
    public record Figures(Double powerW, Double mjPerInference, Double marginalMjPerInference) {
    }

    /**
     * @param interval what the meter saw, or null when there is no meter
     * @param wallS the interval's length T
     * @param inferences N
     * @param busyS B
     * @param idleW P_idle, or null
     */
    public static Figures of(Interval interval, double wallS, long inferences, double busyS, Double idleW) {
        if (interval == null || wallS <= 0 || interval.coveredS() < MIN_COVERAGE * wallS) {
            return new Figures(null, null, null);
        }
        double p = interval.averageWatts();
        if (inferences <= 0) {
            return new Figures(p, null, null);
        }
        double attributed = p * busyS / inferences * 1000;
        Double marginal = idleW == null ? null : (p - idleW) * wallS / inferences * 1000;
        return new Figures(p, attributed, marginal);
    }
}
